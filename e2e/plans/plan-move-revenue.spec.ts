import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, test } from "../fixtures";

// At a 1280×800 laptop screen: no sideways scrolling and no accessibility violations.
test.use({ viewport: { width: 1280, height: 800 } });

async function expectFitsAndAccessible(page: Page, path: string) {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${path} scrolls sideways`).toBeLessThanOrEqual(1280);
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `${path} accessibility`,
  ).toEqual([]);
}

const amount = (text: string) => Number(text.replace(/[^0-9.-]/g, ""));

/** This month's expansion on the Revenue page for the starter plan, in euros. */
async function starterExpansionThisMonth(page: Page): Promise<number> {
  await page.goto("/revenue?plan=starter&months=6");
  const month = new Date().toISOString().slice(0, 7);
  const row = page.getByTestId(`movements-${month}`);
  await expect(row).toBeVisible();
  return amount(await row.getByRole("cell").nth(3).innerText());
}

test("the owner raises a plan's price and limit, moves its tenants after a preview, and sees the expansion in this month's MRR movements", async ({
  page,
  signIn,
}) => {
  test.setTimeout(120_000);
  await signIn("owner");
  const before = await starterExpansionThisMonth(page);
  await expectFitsAndAccessible(page, "/revenue");

  await page.goto("/settings/plans");
  await expectFitsAndAccessible(page, "/settings/plans");
  await page.getByRole("link", { name: "Starter" }).click();
  await expect(page).toHaveURL(/\/settings\/plans\/starter$/);
  await expectFitsAndAccessible(page, "/settings/plans/starter");

  const price = page.getByLabel("Monthly price");
  const raised = (amount(await price.inputValue()) + 6).toFixed(2);
  await price.fill(raised);
  await page.getByLabel("Requests per day").fill("12000");
  await page.getByRole("button", { name: "Save plan" }).click();
  await expect(page.getByRole("status")).toContainText("existing tenants stay until moved");

  const move = page.getByRole("button", { name: /^Move \d+ tenants?$/ });
  await expect(move).toBeVisible();
  await expect(page.getByTestId("move-preview")).toContainText("MRR");
  await move.click();
  await expect(page.getByText(/Every tenant of this plan is on version \d+/)).toBeVisible();
  await expect(page.getByText("Requests per day: 12,000").first()).toBeVisible();

  expect(await starterExpansionThisMonth(page)).toBeGreaterThan(before);
});
