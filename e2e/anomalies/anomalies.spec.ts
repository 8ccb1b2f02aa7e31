import { createApiKey, expect, fillTenantForm, test, uniqueSuffix } from "../fixtures";

const HOUR = 3_600_000;
const DAYS = 15;

/**
 * 15 days of an hourly error rate ending the hour before the last closed one (so it has settled
 * whatever the minute: buckets are scored 10 minutes after they close): 2% with a small
 * deterministic wobble (a sine stays within 1.5 spreads, so only the spike crosses the threshold
 * of 3), then 5%.
 */
function errorRatePoints(tenant: string, metric: string) {
  const lastClosedHour = Math.floor(Date.now() / HOUR) * HOUR - 2 * HOUR;
  const hours = DAYS * 24;
  return Array.from({ length: hours }, (_, i) => ({
    tenant,
    metric,
    timestamp: new Date(lastClosedHour - (hours - 1 - i) * HOUR).toISOString(),
    value: i === hours - 1 ? 5 : Math.round((2 + 0.2 * Math.sin(i * 2.1)) * 1000) / 1000,
  }));
}

test("the owner adds a metric, reports it through the API, detection finds the spike, and the owner acknowledges and resolves it", async ({
  page,
  request,
  signIn,
}) => {
  // A whole journey through five pages and a worker job: more than the default 30 s on a busy machine.
  test.setTimeout(120_000);
  const suffix = uniqueSuffix();
  const metric = { key: `e2e_errors_${suffix}`, name: `E2E errors ${suffix}` };
  const tenant = {
    name: `E2E Anomaly ${suffix}`,
    slug: `e2e-anomaly-${suffix}`,
    plan: "pro",
    contactEmail: `ops-${suffix}@example.test`,
    timezone: "UTC",
  };
  await signIn("owner");
  const key = await createApiKey(page, `metrics-${suffix}`, ["metrics:write"]);

  await page.goto("/anomalies/rules");
  const add = page.getByRole("region", { name: "Add a metric" });
  await add.getByLabel("Key", { exact: true }).fill(metric.key);
  await add.getByLabel("Name", { exact: true }).fill(metric.name);
  await add.getByLabel("Unit", { exact: true }).fill("%");
  await add.getByLabel("Points in one bucket").selectOption("mean");
  await add.getByRole("button", { name: "Add metric" }).click();
  await expect(add.getByRole("status")).toHaveText("Metric added; report its points through the API.");
  const rule = page.getByRole("region", { name: `${metric.name} rule` });
  await expect(rule).toContainText("|z| ≥ 3");
  await expect(rule.getByTestId("rule-suggestion")).toHaveText(
    "No change suggested. No false positives so far.",
  );

  await page.goto("/tenants/new");
  await fillTenantForm(page, tenant);
  await page.getByRole("button", { name: "Create tenant" }).click();
  await expect(page.getByRole("heading", { level: 1, name: tenant.name })).toBeVisible();
  const tenantUrl = page.url();

  const points = errorRatePoints(tenant.slug, metric.key);
  const reported = await request.post("/api/v1/metrics", {
    headers: { Authorization: `Bearer ${key}` },
    data: { points },
  });
  expect(reported.status(), await reported.text()).toBe(200);
  expect(await reported.json()).toMatchObject({ points: DAYS * 24, buckets: DAYS * 24, inserted: DAYS * 24 });

  // Detection runs every 15 minutes; run it now instead of waiting.
  await page.goto("/jobs");
  const detection = page.getByTestId("schedule-detect-anomalies");
  await detection.getByRole("button", { name: "Run now" }).click();
  await expect(detection.getByTestId("job-progress")).toHaveAttribute("data-state", "completed", {
    timeout: 90_000,
  });

  await page.goto("/anomalies");
  await page.getByLabel("Tenant").fill(tenant.slug);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(new RegExp(`tenant=${tenant.slug}`));
  const row = page.getByTestId("anomaly-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText(metric.name);
  await expect(row).toContainText("critical");
  const headline = row.getByRole("link", {
    name: new RegExp(
      `^${metric.name} \\d+% above its expected (\\d\\d:00 )?level \\(z = \\d+\\.\\d, threshold 3\\)$`,
    ),
  });
  await headline.click();

  await expect(
    page.getByRole("heading", { level: 1, name: `${metric.name} · ${tenant.name}` }),
  ).toBeVisible();
  // A new metric is judged by the adaptive detector: expected value, band and the rhythm it found.
  await expect(page.getByTestId("anomaly-baseline")).toHaveText(/^Expected [12]\.\d+%, normal between /);
  // (The wobble, a sine of 2.1 radians an hour, nearly repeats every 24 hours: a daily rhythm.)
  await expect(page.getByTestId("anomaly-baseline")).toContainText("rhythm found in this series");
  await expect(page.getByTestId("anomaly-status")).toHaveText("active");
  const chart = page.getByRole("img", {
    name: new RegExp(`^${metric.name} from .*: \\d+ buckets, 1 outside the expected range$`),
  });
  await expect(chart).toBeVisible();
  await expect(chart.locator(".recharts-area-area")).toBeVisible();

  await page.getByLabel("Assignee").selectOption({ label: "owner@steward.local" });
  await page.getByLabel("Note", { exact: true }).fill(`Checking the deploy ${suffix}`);
  await page.getByRole("button", { name: "Acknowledge" }).click();
  await expect(page.getByTestId("anomaly-status")).toHaveText("acknowledged");
  await expect(page.getByTestId("anomaly-assignee")).toHaveText("owner@steward.local");
  await expect(page.getByRole("button", { name: "Save assignment" })).toBeVisible();

  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByText("Say what it was")).toBeVisible();
  await page.getByLabel("What was it and what was done").fill(`Bad deploy, rolled back ${suffix}`);
  await page.getByRole("button", { name: "Resolve" }).click();
  await expect(page.getByTestId("anomaly-status")).toHaveText("resolved");
  await expect(page.getByTestId("anomaly-closed")).toContainText("by owner@steward.local");
  await expect(page.getByTestId("anomaly-note")).toHaveText(`Bad deploy, rolled back ${suffix}`);
  const history = page.getByTestId("anomaly-history").getByRole("listitem");
  await expect(history).toHaveCount(2);
  await expect(history.first()).toContainText(`Resolved by owner@steward.local`);
  await expect(history.last()).toContainText(`Note: Checking the deploy ${suffix}`);

  await page.goto(`/anomalies?status=resolved&tenant=${tenant.slug}`);
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("resolved");

  // The list's 30-second refresh reads the same filters from its route; a bad one falls back to its default.
  const refreshed = await page.request.get(
    `/api/anomalies?status=resolved&tenant=${tenant.slug}&severity=huge`,
  );
  expect(refreshed.status()).toBe(200);
  expect((await refreshed.json()).page).toMatchObject({
    total: 1,
    rows: [
      {
        status: "resolved",
        severity: "critical",
        tenant: { slug: tenant.slug },
        metric: { key: metric.key },
      },
    ],
  });
  expect((await (await page.request.get(`/api/anomalies?tenant=${tenant.slug}`)).json()).page.total).toBe(0);

  // The tenant page leads to its baselines, where the series can be muted and unmuted.
  await page.goto(tenantUrl);
  await page.getByRole("main").getByRole("link", { name: "Baselines" }).click();
  await expect(page.getByRole("heading", { level: 1, name: `Baselines · ${tenant.name}` })).toBeVisible();
  const series = page.getByTestId("baseline-row").filter({ hasText: metric.key });
  await expect(series).toContainText("5%");
  await expect(series).toContainText("anomalous");
  await series.getByText("Mute…").click();
  await series.getByLabel("Reason for muting").fill(`Migration ${suffix}`);
  await series.getByRole("button", { name: "Mute", exact: true }).click();
  await expect(series).toContainText(`Migration ${suffix}`);
  await series.getByRole("button", { name: "Unmute" }).click();
  await expect(series.getByText("Mute…")).toBeVisible();
  await expect(series).not.toContainText(`Migration ${suffix}`);
});

test("a reviewer cannot open the anomalies pages or their refresh route", async ({ page, signIn }) => {
  await signIn("reviewer");
  for (const path of ["/anomalies", "/anomalies/rules", "/anomalies/baselines"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
  }
  expect((await page.request.get("/api/anomalies")).status()).toBe(403);
});
