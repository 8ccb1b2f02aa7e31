import { expect, test, uniqueSuffix } from "../fixtures";

test("an API key reads tenants until it is revoked", async ({ page, request, signIn }) => {
  const keyName = `e2e-key-${uniqueSuffix()}`;
  await signIn("owner");
  await page.goto("/settings/api-keys");
  await page.getByLabel("Name").fill(keyName);
  await page.getByRole("checkbox", { name: "tenants:read" }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-api-key")).toHaveText(/^stw_/);
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();

  const listTenants = (pageSize: number) => request.get(`/api/v1/tenants?pageSize=${pageSize}`, { headers: { Authorization: `Bearer ${key}` } });

  const ok = await listTenants(5);
  expect(ok.status()).toBe(200);
  expect((await ok.json()).data).toHaveLength(5);

  const tooMany = await listTenants(500);
  expect(tooMany.status()).toBe(400);
  expect(await tooMany.json()).toHaveProperty("error.fields.pageSize");

  const row = page.getByRole("row").filter({ hasText: keyName });
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Revoke" }).click();
  await expect(row).toContainText("revoked");

  expect((await listTenants(5)).status()).toBe(401);
});
