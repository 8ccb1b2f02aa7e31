import { expect, test } from "../fixtures";

test.use({ viewport: { width: 1280, height: 800 } });

test("Billing > Payments pages its outcomes and filters them by outcome", async ({ page, signIn }) => {
  await signIn("owner");
  await page.goto("/billing/payments");
  const outcomes = page.getByRole("navigation", { name: "Pages of outcomes" });
  await expect(outcomes).toContainText(/page 1 of \d+/);
  await outcomes.getByRole("link", { name: "Next" }).click();
  await expect(page).toHaveURL(/page=2/);
  await expect(outcomes).toContainText("page 2 of");

  await page.getByLabel("Outcome", { exact: true }).selectOption("payment_recovered");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/outcome=payment_recovered/);
  const badges = page
    .locator("section")
    .filter({ has: page.getByRole("heading", { name: /^Latest outcomes/ }) })
    .getByRole("row")
    .filter({ has: page.getByRole("cell") });
  await expect(badges.first()).toContainText("recovered");
  for (const text of await badges.allTextContents()) expect(text).toContain("recovered");
  // Two lists of 20 rows and their filters, not one long page.
  expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThan(3_000);
});
