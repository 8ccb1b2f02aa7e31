import { expect, fillTenantForm, test, uniqueSuffix } from "../fixtures";

test("the owner creates a tenant, suspends it and finds the suspension in the audit log", async ({
  page,
  signIn,
}) => {
  const suffix = uniqueSuffix();
  const tenant = {
    name: `E2E Suspend ${suffix}`,
    slug: `e2e-suspend-${suffix}`,
    plan: "pro",
    contactEmail: `billing-${suffix}@example.test`,
    timezone: "Europe/Berlin",
  };
  const reason = `Chargeback investigation ${suffix}`;
  const nav = page.getByRole("navigation", { name: "Main" });
  await signIn("owner");

  await page.goto("/");
  await nav.getByRole("link", { name: "Tenants" }).click();
  await page.getByRole("link", { name: "New tenant" }).click();

  await fillTenantForm(page, { ...tenant, slug: "Bad Slug!" });
  await page.getByRole("button", { name: "Create tenant" }).click();
  await expect(page.getByText("Use lowercase letters, digits and single dashes")).toBeVisible();
  await expect(page.getByLabel("Slug")).toHaveAttribute("aria-invalid", "true");

  await fillTenantForm(page, tenant);
  await page.getByRole("button", { name: "Create tenant" }).click();
  await expect(page).toHaveURL(/\/tenants\/[^/]+$/);
  await expect(page.getByRole("heading", { level: 1, name: tenant.name })).toBeVisible();
  const status = page
    .locator("dl > div")
    .filter({ has: page.getByRole("term").getByText("Status", { exact: true }) })
    .getByRole("definition");
  await expect(status).toHaveText("trialing");

  await page.getByLabel("Reason for suspending").fill(reason);
  await page.getByRole("button", { name: "Suspend tenant" }).click();
  await expect(status).toHaveText("suspended");
  const historyEntry = page.getByTestId("audit-list").getByRole("listitem").filter({ hasText: reason });
  await expect(historyEntry).toContainText("tenant.suspended");

  await nav.getByRole("link", { name: "Audit log" }).click();
  await page.getByLabel("Action").selectOption("tenant.suspended");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/action=tenant\.suspended/);
  const auditEntry = page.getByTestId("audit-list").getByRole("listitem").filter({ hasText: reason });
  await expect(auditEntry).toContainText("tenant.suspended");
  // Named and linked, not raw ids: who (the demo owner's name) and which tenant.
  await expect(auditEntry).toContainText("Olivia Owner");
  await auditEntry.getByRole("link", { name: tenant.name }).click();
  await expect(page.getByRole("heading", { level: 1, name: tenant.name })).toBeVisible();
});
