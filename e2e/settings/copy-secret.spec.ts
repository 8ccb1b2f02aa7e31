import { createApiKey, expect, test, uniqueSuffix } from "../fixtures";

test("a new API key's secret, shown once, is copied with its button", async ({ page, context, signIn }) => {
  // localhost is a secure origin, so the page may use the clipboard once allowed to.
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signIn("owner");
  const secret = await createApiKey(page, `e2e-copy-${uniqueSuffix()}`, ["tenants:read"]);
  await page.getByRole("button", { name: "Copy key" }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
});
