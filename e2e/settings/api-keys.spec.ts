import { createApiKey, expect, test, uniqueSuffix } from "../fixtures";

test("an API key reads tenants until it is revoked", async ({ page, request, signIn }) => {
  const keyName = `e2e-key-${uniqueSuffix()}`;
  await signIn("owner");
  await page.goto("/settings/api-keys");
  await page.getByLabel("Name").fill(keyName);
  await page.getByRole("checkbox", { name: "tenants:read" }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByTestId("new-api-key")).toHaveText(/^stw_/);
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();

  const listTenants = (pageSize: number) =>
    request.get(`/api/v1/tenants?pageSize=${pageSize}`, { headers: { Authorization: `Bearer ${key}` } });

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

test("an owner rotates a key with a day's grace and sees the new secret once", async ({ page, signIn }) => {
  const keyName = `e2e-rotate-${uniqueSuffix()}`;
  await signIn("owner");
  const oldPrefix = (await createApiKey(page, keyName, ["tenants:read"])).split("_")[1];

  // The replacement has the same name: the old key's row is the one showing its prefix.
  const row = page.getByRole("row").filter({ hasText: `stw_${oldPrefix}_…` });
  await row.getByText("Rotate", { exact: true }).click();
  await row.getByLabel("Grace period").selectOption("24");
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Rotate key" }).click();

  const secret = row.getByTestId("new-api-key");
  await expect(secret).toHaveText(/^stw_/);
  const newPrefix = (await secret.textContent())!.trim().split("_")[1];
  expect(newPrefix).not.toBe(oldPrefix);
  const grace = row.locator("p", { hasText: "stops working at" });
  await expect(grace).toContainText(`rotated → stw_${newPrefix}_…, stops working at`);
  const stopsAt = Date.parse((await grace.locator("time").getAttribute("datetime"))!);
  expect(Math.abs(stopsAt - Date.now() - 24 * 3_600_000)).toBeLessThan(5 * 60_000);
  await expect(page.getByRole("row").filter({ hasText: `stw_${newPrefix}_…` })).toHaveCount(2);

  // Shown once: gone after a reload, while the old key stays marked as rotated.
  await page.reload();
  await expect(page.getByTestId("new-api-key")).toHaveCount(0);
  await expect(row.locator("p", { hasText: "stops working at" })).toContainText(`stw_${newPrefix}_…`);
});
