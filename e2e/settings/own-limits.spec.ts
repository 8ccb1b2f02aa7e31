import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "../fixtures";

test.use({ viewport: { width: 1280, height: 800 } });

test("the owner sets Steward's own limits; the page fits the screen and passes an accessibility scan", async ({
  page,
  signIn,
}) => {
  test.setTimeout(90_000);
  await signIn("owner");
  await page.goto("/settings");
  await page.getByRole("link", { name: /Own limits/ }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Own limits" })).toBeVisible();

  await page.getByLabel("API requests per minute, per API key").fill("5");
  await page.getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByText("At least 10 requests a minute")).toBeVisible();

  // Generous values, so the other browser tests signing in at the same time are not limited.
  await page.getByLabel("API requests per minute, per API key").fill("6000");
  await page.getByLabel("Sign-in attempts per minute, per address").fill("1000");
  await page.getByRole("button", { name: "Save limits" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("API requests per minute, per API key")).toHaveValue("6000");

  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(1280);
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(violations.map((v) => v.id)).toEqual([]);
});
