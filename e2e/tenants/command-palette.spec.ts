import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "../fixtures";

test.use({ viewport: { width: 1280, height: 800 } });

test("Ctrl-K finds a tenant by slug and opens its page; the open palette fits and passes axe", async ({
  page,
  signIn,
}) => {
  await signIn("owner");
  await page.goto("/tenants?sort=name&dir=asc");
  const first = page.locator('table a[href^="/tenants/"]').first();
  const href = (await first.getAttribute("href"))!;
  await page.goto(href);
  const slug = (await page.locator("#details dt:text-is('Slug') + dd").textContent())!.trim();

  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await page.keyboard.press("Control+k");
  const input = page.getByRole("combobox", { name: "Search tenants, pages and actions" });
  await expect(input).toBeFocused();
  await input.fill(slug);
  const option = page.getByRole("option").filter({ hasText: `(${slug})` });
  await expect(option).toBeVisible();
  await expect(page.getByRole("option", { name: /^Suspend / }).first()).toBeVisible();

  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(1280);
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);

  // The tenant is the first choice: Enter opens it.
  await expect(page.getByRole("option").first()).toHaveAttribute("aria-selected", "true");
  await expect(page.getByRole("option").first()).toContainText(slug);
  await input.press("Enter");
  await expect(page).toHaveURL(new RegExp(`${href}$`));
});

test("a reviewer's palette offers the reviewer's pages and no owner action", async ({ page, signIn }) => {
  await signIn("reviewer");
  await page.goto("/review");
  await page
    .getByRole("button", { name: /Search/ })
    .first()
    .click();
  const input = page.getByRole("combobox", { name: "Search tenants, pages and actions" });
  await expect(input).toBeFocused();
  await expect(page.getByRole("option", { name: /Review queue/ })).toBeVisible();
  await expect(page.getByRole("option", { name: /Open the next review item/ })).toBeVisible();
  await expect(page.getByRole("option", { name: /^Tenants/ })).toHaveCount(0);
  await input.fill("acme");
  await expect(page.getByRole("option", { name: /^Suspend/ })).toHaveCount(0);
  await expect(page.getByRole("option", { name: /Extend the trial/ })).toHaveCount(0);
  // The server refuses a reviewer's tenant search all the same.
  expect((await page.request.get("/api/palette/tenants?q=acme")).status()).toBe(403);
});
