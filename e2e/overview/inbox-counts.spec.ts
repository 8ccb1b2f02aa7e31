import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { createApiKey, expect, fillTenantForm, reportBillingEvent, test, uniqueSuffix } from "../fixtures";

test.use({ viewport: { width: 1280, height: 800 } });

type Row = { key: string; count: number; href: string };

/** How many items the view at `href` lists, as the page itself says. */
async function listed(page: Page, href: string): Promise<number> {
  await page.goto(href);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const number = (text: string | null) => Number(text!.match(/\d[\d,]*/)![0].replace(/,/g, ""));
  if (href.startsWith("/billing/payments"))
    return number(await page.getByRole("heading", { name: /^In recovery/ }).textContent());
  if (href.startsWith("/settings/api-keys")) {
    const note = (await page.getByRole("note").first().textContent())!;
    return note.startsWith("No key") ? 0 : number(note);
  }
  return number(
    await page.getByRole("navigation", { name: "Pagination" }).locator("span").first().textContent(),
  );
}

async function inboxRows(page: Page): Promise<Row[]> {
  const response = await page.request.get("/api/overview");
  expect(response.ok()).toBe(true);
  return (await response.json()).rows;
}

/** Every row whose view lists exactly its items (IPs banned today link to the Rate limits page, which has no such list). */
async function expectCountsMatchViews(page: Page) {
  for (const row of await inboxRows(page)) {
    if (row.key === "bans-today") continue;
    // The worker keeps working meanwhile (routing, dunning), so compare the two as of the same moment.
    await expect(async () => {
      const now = (await inboxRows(page)).find((r) => r.key === row.key)?.count ?? 0;
      expect(await listed(page, row.href), `${row.key} → ${row.href}`).toBe(now);
    }).toPass({ timeout: 30_000, intervals: [500, 1_000, 2_000] });
  }
}

const countOf = async (page: Page, key: string) =>
  (await inboxRows(page)).find((r) => r.key === key)?.count ?? 0;

test("each inbox count equals the filtered view it links to, before and after one more item of each kind", async ({
  page,
  request,
  signIn,
}) => {
  test.setTimeout(240_000);
  const suffix = uniqueSuffix();
  await signIn("owner");
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Needs you" })).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, "Overview scrolls sideways").toBeLessThanOrEqual(1280);
  const { violations } = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
  // The page shows what the refresh route answers.
  for (const row of await inboxRows(page))
    await expect(page.getByTestId(`inbox-${row.key}`).getByTestId("inbox-count")).toHaveText(
      row.count.toLocaleString("en"),
    );

  await expectCountsMatchViews(page);
  const before = {
    trials: await countOf(page, "trials-ending"),
    dunning: await countOf(page, "payments-dunning"),
    pastDue: await countOf(page, "tenants-past-due"),
    bans: await countOf(page, "bans-today"),
  };

  // One more of each kind this test can cause through the app: a trial ending in 5 days, a failed
  // charge (a payment in dunning, a tenant past due), and an IP banned by hand.
  const key = await createApiKey(page, `inbox-${suffix}`, ["billing:write"]);
  const tenant = {
    name: `Inbox ${suffix}`,
    slug: `inbox-${suffix}`,
    plan: "starter",
    contactEmail: `ops-${suffix}@example.test`,
    timezone: "UTC",
  };
  await page.goto("/tenants/new");
  await fillTenantForm(page, tenant);
  await page.getByRole("button", { name: "Create tenant" }).click();
  await expect(page.getByRole("heading", { level: 1, name: tenant.name })).toBeVisible();
  const tenantId = new URL(page.url()).pathname.split("/").pop()!;
  const event = (type: string, data: Record<string, unknown>) =>
    reportBillingEvent(request, key, {
      idempotency_key: `e2e-inbox-${type}-${suffix}`,
      type,
      data: { tenant: tenant.slug, ...data },
    });
  await event("trial_started", { plan: "pro", trial_days: 5 });
  await page.goto(`/rate-limits/${tenantId}`);
  await page.locator("#ip").fill("203.0.113.77");
  await page.locator("#reason").fill("Credential stuffing");
  await page.getByRole("button", { name: "Ban", exact: true }).click();
  await expect(page.getByText("203.0.113.77").first()).toBeVisible();
  await event("payment_failed", {
    amount: 2900,
    currency: "EUR",
    provider_reference: `e2e-inbox-${suffix}`,
    failure_code: "insufficient_funds",
  });

  expect(await countOf(page, "trials-ending")).toBeGreaterThanOrEqual(before.trials + 1);
  expect(await countOf(page, "payments-dunning")).toBeGreaterThanOrEqual(before.dunning + 1);
  expect(await countOf(page, "tenants-past-due")).toBeGreaterThanOrEqual(before.pastDue + 1);
  // At least: other tests running alongside ban addresses too.
  expect(await countOf(page, "bans-today")).toBeGreaterThanOrEqual(before.bans + 1);
  await expectCountsMatchViews(page);
});
