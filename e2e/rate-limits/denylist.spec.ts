import { expect, fillTenantForm, test, uniqueSuffix } from "../fixtures";

test("the owner denylists a range; a check from inside it is denied and shows in the chart and the violations", async ({
  page,
  request,
  signIn,
}) => {
  const suffix = uniqueSuffix();
  const tenant = {
    name: `E2E Limits ${suffix}`,
    slug: `e2e-limits-${suffix}`,
    plan: "pro",
    contactEmail: `ops-${suffix}@example.test`,
    timezone: "UTC",
  };
  await signIn("owner");

  await page.goto("/settings/api-keys");
  await page.getByLabel("Name").fill(`gateway-${suffix}`);
  await page.getByRole("checkbox", { name: "ratelimit:check" }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  const key = (await page.getByTestId("new-api-key").textContent())!.trim();

  await page.goto("/tenants/new");
  await fillTenantForm(page, tenant);
  await page.getByRole("button", { name: "Create tenant" }).click();
  await expect(page.getByRole("heading", { name: tenant.name })).toBeVisible();
  await page.getByRole("main").getByRole("link", { name: "Rate limits" }).first().click();
  await expect(page.getByRole("heading", { name: `Rate limits · ${tenant.name}` })).toBeVisible();
  const rulesUrl = page.url();

  await page.getByLabel("Address or CIDR").fill("203.0.113.7/24");
  await page.getByRole("button", { name: "Add" }).click();
  await expect(
    page.getByText("'203.0.113.7/24' has host bits set; did you mean 203.0.113.0/24?"),
  ).toBeVisible();
  await page.getByLabel("Address or CIDR").fill("203.0.113.0/24");
  await page.getByLabel("Note").fill("scraper farm");
  await page.getByRole("button", { name: "Add" }).click();
  await expect(page.getByTestId("ip-list")).toContainText("203.0.113.0/24");

  const check = (ip: string) =>
    request.post("/api/v1/ratelimit/check", {
      headers: { Authorization: `Bearer ${key}` },
      data: { tenant: tenant.slug, ip },
    });
  const denied = await check("203.0.113.77");
  expect(denied.status()).toBe(403);
  expect(await denied.json()).toMatchObject({ allowed: false, reason: "denylist" });
  expect((await check("198.51.100.1")).status()).toBe(200);

  // Statistics reach Postgres with the worker's minute flush; run it now instead of waiting.
  await page.goto("/jobs");
  const flush = page.getByTestId("schedule-flush-rate-limit-stats");
  await flush.getByRole("button", { name: "Run now" }).click();
  await expect(flush.getByTestId("job-progress")).toHaveAttribute("data-state", "completed", {
    timeout: 20_000,
  });

  await page.goto(rulesUrl);
  await expect(page.getByTestId("traffic-totals")).toHaveText("1 allowed · 1 denied");
  await expect(page.getByTestId("traffic-chart").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("violation-row").filter({ hasText: "203.0.113.77" })).toContainText(
    "denylist",
  );
});
