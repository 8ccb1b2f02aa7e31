import { expect, test } from "../fixtures";

test("an owner opens the API reference from the navigation: the tenant API with its scope, the webhook events, the JSON", async ({
  page,
  signIn,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn("owner");
  await page.goto("/");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/api-reference$/);
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();

  const create = page.locator("details", {
    has: page.getByRole("heading", { name: "POST /api/v1/tenants — Create a tenant" }),
  });
  await expect(create.locator("summary")).toContainText("scope tenants:write");
  await create.locator("summary").click();
  const body = create.getByRole("table", { name: "Request body of POST /api/v1/tenants" });
  await expect(body.getByRole("rowheader", { name: "external_id", exact: true })).toBeVisible();
  await expect(body.getByRole("row", { name: /^contact_email .* required/ })).toBeVisible();

  const suspended = page.locator("details", {
    has: page.getByRole("heading", { name: /^tenant\.suspended —/ }),
  });
  await expect(suspended).toHaveCount(1);
  await suspended.locator("summary").click();
  const payload = suspended.getByRole("table", { name: "Payload of tenant.suspended" });
  await expect(payload.getByRole("rowheader", { name: "data.tenant.status", exact: true })).toBeVisible();

  // Fits a 1280×800 screen with every entry open: long schemas wrap or scroll inside their own box.
  await page.evaluate(() => document.querySelectorAll("details").forEach((details) => (details.open = true)));
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);

  const href = await page.getByRole("link", { name: /openapi\.json/ }).getAttribute("href");
  const served = await page.request.get(href!);
  expect(served.status()).toBe(200);
  expect((await served.json()).openapi).toBe("3.1.0");
});

test("a reviewer reads the API reference too", async ({ page, signIn }) => {
  await signIn("reviewer");
  await page.goto("/review");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/api-reference$/);
  await expect(page.getByRole("heading", { name: "Webhooks", level: 2 })).toBeVisible();
});
