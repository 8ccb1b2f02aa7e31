import type { APIRequestContext, Page } from "@playwright/test";
import { createApiKey, expect, fillTenantForm, reportBillingEvent, test, uniqueSuffix } from "../fixtures";

const DAY = 86_400_000;

async function createTenant(page: Page, suffix: string) {
  const tenant = {
    name: `E2E Trial ${suffix}`,
    slug: `e2e-trial-${suffix}`,
    plan: "starter",
    contactEmail: `ops-${suffix}@example.test`,
    timezone: "UTC",
  };
  await page.goto("/tenants/new");
  await fillTenantForm(page, tenant);
  await page.getByRole("button", { name: "Create tenant" }).click();
  await expect(page.getByRole("heading", { level: 1, name: tenant.name })).toBeVisible();
  return tenant;
}

/** Reports an event as the platform's billing system would; returns its result. */
async function reportEvent(
  request: APIRequestContext,
  key: string,
  type: string,
  data: Record<string, unknown>,
) {
  return reportBillingEvent(request, key, { idempotency_key: `e2e-${type}-${data.tenant}`, type, data });
}

async function startTrial(
  request: APIRequestContext,
  key: string,
  slug: string,
): Promise<{ id: string; endsAt: string }> {
  const { trial } = await reportEvent(request, key, "trial_started", {
    tenant: slug,
    plan: "pro",
    trial_days: 14,
  });
  return { id: trial.id, endsAt: trial.ends_at };
}

/** The number on the "Active trials" card (its label has no digits). */
const activeTrials = async (page: Page) =>
  Number(
    (await page.getByTestId("card-active-trials").textContent())!.match(/\d[\d,]*/)![0].replace(/,/g, ""),
  );

test("the owner extends a trial; the active-trials card matches the table, the table finds a new trial, a failed payment shows in recovery", async ({
  page,
  request,
  signIn,
}) => {
  const suffix = uniqueSuffix();
  const reason = `Needs time for the SSO rollout ${suffix}`;
  await signIn("owner");
  const key = await createApiKey(page, `billing-${suffix}`, ["billing:write"]);

  const first = await createTenant(page, `${suffix}-a`);
  const trial = await startTrial(request, key, first.slug);

  await page.goto(`/billing/trials/${trial.id}`);
  await expect(page.getByRole("heading", { level: 1, name: `Trial · ${first.name}` })).toBeVisible();
  await expect(page.getByTestId("trial-ends").locator("time")).toHaveAttribute("datetime", trial.endsAt);
  await page.getByLabel("Days", { exact: true }).fill("5");
  await page.getByLabel("Reason for extending").fill(reason);
  await page.getByRole("button", { name: "Extend trial" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Trial extended." })).toBeVisible();
  await expect(
    page
      .getByTestId("trial-timeline")
      .getByRole("listitem")
      .filter({ hasText: `Extended by 5 days: ${reason}` }),
  ).toContainText("owner@steward.local");
  const extendedEnd = new Date(new Date(trial.endsAt).getTime() + 5 * DAY).toISOString();
  await expect(page.getByTestId("trial-ends").locator("time")).toHaveAttribute("datetime", extendedEnd);

  const second = await createTenant(page, `${suffix}-b`);
  await startTrial(request, key, second.slug);
  // The card and the table filtered to running trials are read in one request: they must agree.
  await page.goto("/billing?status=active");
  const listed = Number(
    (await page.getByText(/results? · page/).textContent())!.match(/^[\d,]+/)![0].replace(/,/g, ""),
  );
  expect(await activeTrials(page)).toBe(listed);
  await page.goto("/billing");

  await page.getByLabel("Search", { exact: true }).fill(second.slug);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`q=${second.slug}`));
  const rows = page.getByTestId("trial-row");
  await expect(rows).toHaveCount(1);
  await expect(rows).toContainText(second.name);
  await expect(rows).toContainText("trialing");
  await expect(rows).toContainText("trial running");

  await reportEvent(request, key, "payment_failed", {
    tenant: second.slug,
    amount: 4900,
    currency: "EUR",
    provider_reference: `e2e-charge-${suffix}`,
    failure_code: "insufficient_funds",
  });
  await page.reload();
  await expect(rows).toContainText("past due — access kept while retrying");
  await page
    .getByRole("navigation", { name: "Trials and payments" })
    .getByRole("link", { name: "Payments" })
    .click();
  const recovery = page.getByTestId("recovery-row").filter({ hasText: second.name });
  await expect(recovery).toContainText("€49.00");
  await expect(recovery).toContainText("insufficient_funds");
});

test("a reviewer cannot open the trials pages", async ({ page, signIn }) => {
  await signIn("reviewer");
  for (const path of ["/billing", "/billing/payments"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
  }
});

test("links to the former /trials pages lead to the same pages under /billing", async ({ page, signIn }) => {
  await signIn("owner");
  await page.goto("/billing");
  const trialPath = await page.locator('a[href^="/billing/trials/"]').first().getAttribute("href");
  const oldTrialPath = trialPath!.replace("/billing/trials/", "/trials/");
  for (const [from, to] of [
    ["/trials?status=active", "/billing?status=active"],
    ["/trials/payments", "/billing/payments"],
    [oldTrialPath, trialPath],
  ]) {
    await page.goto(from!);
    const { pathname, search } = new URL(page.url());
    expect(pathname + search).toBe(to);
  }
});
