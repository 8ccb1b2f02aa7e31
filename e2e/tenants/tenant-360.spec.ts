import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { createApiKey, expect, reportBillingEvent, test, uniqueSuffix } from "../fixtures";

test.use({ viewport: { width: 1280, height: 800 } });

/** No sideways scrolling and no WCAG 2.1 A/AA violation on the page as it stands. */
async function fitsAndPassesAxe(page: Page, what: string) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${what} scrolls sideways`).toBeLessThanOrEqual(1280);
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `${what} accessibility`,
  ).toEqual([]);
}

test("a demo tenant's page shows its trial, a failed payment, a ban, an anomaly and a review item, and links back", async ({
  page,
  request,
  signIn,
}) => {
  test.setTimeout(120_000);
  const suffix = uniqueSuffix();
  await signIn("owner");
  const key = await createApiKey(page, `tenant-360-${suffix}`, ["billing:write", "payment-issues:write"]);

  // A demo tenant with an open anomaly (the demo seeds them), reached from the anomaly's own page.
  await page.goto("/anomalies");
  await page.locator('table a[href^="/anomalies/"]').first().click();
  await expect(page).toHaveURL(/\/anomalies\/[^/?]+$/);
  const tenantPath = await page.locator('main a[href^="/tenants/"]').first().getAttribute("href");
  const tenantId = tenantPath!.split("/").pop()!;
  await page.goto(`/tenants/${tenantId}`);
  const slug = (await page.locator("#details dt:text-is('Slug') + dd").textContent())!.trim();

  // The rest arrives as it would: a failed charge from billing, an issue from the platform, a ban by hand.
  const headers = { Authorization: `Bearer ${key}` };
  await reportBillingEvent(request, key, {
    idempotency_key: `e2e-360-failed-${suffix}`,
    type: "payment_failed",
    data: {
      tenant: slug,
      amount: 4900,
      currency: "EUR",
      provider_reference: `e2e-360-${suffix}`,
      failure_code: "insufficient_funds",
    },
  });
  const issue = await request.post("/api/v1/payment-issues", {
    headers,
    data: {
      idempotency_key: `e2e-360-dispute-${suffix}`,
      type: "dispute",
      tenant: slug,
      details: { payment_reference: `ch_360_${suffix}`, amount: 4900, currency: "EUR", reason: "fraudulent" },
    },
  });
  expect(issue.status(), await issue.text()).toBe(202);
  const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
  await page.goto(`/rate-limits/${tenantId}`);
  await page.locator("#ip").fill(ip);
  await page.locator("#reason").fill("Scraping the catalogue");
  await page.getByRole("button", { name: "Ban", exact: true }).click();
  await expect(page.getByText(ip).first()).toBeVisible();

  await page.goto(`/tenants/${tenantId}`);
  const header = page.getByTestId("tenant-header");
  await expect(header.getByTestId("header-trial")).toBeVisible();
  await expect(page.getByTestId("tenant-payment").filter({ hasText: "insufficient_funds" })).toBeVisible();
  await expect(page.getByTestId("tenant-ban").filter({ hasText: ip })).toContainText("banned");
  await expect(page.getByTestId("tenant-anomaly").first()).toBeVisible();
  await expect(page.getByTestId("tenant-review-item").filter({ hasText: "dispute" }).first()).toBeVisible();
  expect(Number(await header.getByTestId("header-open-items").textContent())).toBeGreaterThanOrEqual(3);
  await fitsAndPassesAxe(page, "Tenant 360");

  // Both ways: the trial, the anomaly and the review item lead back to the tenant.
  await header.getByTestId("header-trial").click();
  await expect(page.locator(`main a[href="/tenants/${tenantId}"]`).first()).toBeVisible();
  await page.goto(`/tenants/${tenantId}`);
  await page.getByTestId("tenant-anomaly").first().getByRole("link").first().click();
  await expect(page.locator(`main a[href="/tenants/${tenantId}"]`).first()).toBeVisible();
});
