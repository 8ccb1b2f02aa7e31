import type { APIRequestContext, Page } from "@playwright/test";
import {
  createApiKey,
  DEMO_USERS,
  expect,
  fillTenantForm,
  signInWithForm,
  test,
  uniqueSuffix,
  type TenantFields,
} from "../fixtures";

const DAY = 86_400_000;

async function createTenant(page: Page, tenant: TenantFields): Promise<string> {
  await page.goto("/tenants/new");
  await fillTenantForm(page, tenant);
  await page.getByRole("button", { name: "Create tenant" }).click();
  await expect(page.getByRole("heading", { level: 1, name: tenant.name })).toBeVisible();
  return new URL(page.url()).pathname.split("/").pop()!;
}

/** Reports a payment issue as the platform would and waits until the decision engine routed it to a reviewer. */
async function reportIssue(
  request: APIRequestContext,
  key: string,
  body: Record<string, unknown>,
): Promise<string> {
  const headers = { Authorization: `Bearer ${key}` };
  const reported = await request.post("/api/v1/payment-issues", { headers, data: body });
  expect(reported.status(), await reported.text()).toBe(202);
  const { id } = await reported.json();
  await expect
    .poll(
      async () => (await (await request.get(`/api/v1/payment-issues/${id}`, { headers })).json()).status,
      { timeout: 60_000, message: "the engine routes the issue" },
    )
    .toBe("in_review");
  return id;
}

/** The analytics page's figures this test changes (a kind nobody decided yet has no row: zero). */
async function analyticsFigures(page: Page) {
  await expect(page.getByRole("heading", { level: 1, name: "Review analytics" })).toBeVisible();
  const cell = async (row: string, column: string) => {
    const found = page.locator(row).getByTestId(column);
    return (await found.count()) === 0 ? 0 : Number(await found.textContent());
  };
  const dispute = '[data-testid="agreement-kind"][data-kind="payment_dispute"]';
  const installment = '[data-testid="agreement-kind"][data-kind="payment_missed_installment"]';
  return {
    disputesAgreed: await cell(dispute, "agreed"),
    disputesRejected: await cell(dispute, "rejected"),
    installmentsAgreed: await cell(installment, "agreed"),
    installmentsRejected: await cell(installment, "rejected"),
    reviewerLast7Days: await cell(
      `[data-testid="reviewer-row"][data-reviewer="${DEMO_USERS.reviewer.email}"]`,
      "last-7-days",
    ),
  };
}

/** Presses j until the selected item of the queue is about `tenantName` (a decided item leaves the selection empty). */
async function selectWithKeyboard(page: Page, tenantName: string) {
  const queue = page.getByRole("listbox", { name: "Review queue" });
  for (let step = 0; step < 25; step++) {
    const current = await queue.getAttribute("aria-activedescendant");
    if (current && (await queue.locator(`[id="${current}"]`).textContent())?.includes(tenantName)) return;
    await page.keyboard.press("j");
    await expect
      .poll(() => queue.getAttribute("aria-activedescendant"), {
        message: `j moves on from ${current}; ${tenantName} must be further down`,
      })
      .not.toBe(current);
  }
  throw new Error(`${tenantName} is not on the first page of the queue`);
}

test("a reviewer works the queue with the keyboard only — approves one item (the tenant is suspended), rejects one with a note — and the analytics page reflects both", async ({
  page,
  browser,
  request,
  signIn,
}) => {
  // Two people, four pages, the decision engine and an execution in the worker.
  test.setTimeout(120_000);
  const suffix = uniqueSuffix();
  const fraud: TenantFields = {
    name: `E2E Fraud ${suffix}`,
    slug: `e2e-fraud-${suffix}`,
    plan: "pro",
    contactEmail: `ops-fraud-${suffix}@example.test`,
    timezone: "UTC",
  };
  const late: TenantFields = {
    name: `E2E Late ${suffix}`,
    slug: `e2e-late-${suffix}`,
    plan: "starter",
    contactEmail: `ops-late-${suffix}@example.test`,
    timezone: "UTC",
  };
  const note = `Paid by bank transfer ${suffix}`;

  // The owner lets reviewers decide from confidence 60, so a fraudulent dispute (suspend, 60) is not escalated.
  await signIn("owner");
  await page.goto("/review/settings");
  await expect(page.getByTestId("engine-mode")).toHaveText("Rules (deterministic, no network)");
  await page.getByLabel("A reviewer decides from confidence").fill("60");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Saved. New items are routed with these settings.")).toBeVisible();
  await expect(page.getByLabel("A reviewer decides from confidence")).toHaveValue("60");

  const key = await createApiKey(page, `payments-${suffix}`, ["payment-issues:write", "payment-issues:read"]);
  const fraudTenantId = await createTenant(page, fraud);
  await createTenant(page, late);
  await reportIssue(request, key, {
    idempotency_key: `e2e-dispute-${suffix}`,
    type: "dispute",
    tenant: fraud.slug,
    details: { payment_reference: `ch_${suffix}`, amount: 4900, currency: "EUR", reason: "fraudulent" },
  });
  await reportIssue(request, key, {
    idempotency_key: `e2e-installment-${suffix}`,
    type: "missed_installment",
    tenant: late.slug,
    details: {
      plan_reference: `plan_${suffix}`,
      installment: 3,
      amount: 2500,
      currency: "EUR",
      due_date: new Date(Date.now() - 10 * DAY).toISOString().slice(0, 10),
    },
  });

  // The reviewer, in a browser of their own, from here on with the keyboard only.
  const reviewerContext = await browser.newContext();
  const reviewer = await reviewerContext.newPage();
  await signInWithForm(reviewer, DEMO_USERS.reviewer.email, DEMO_USERS.reviewer.password);
  await expect(reviewer.getByTestId("signed-in-as")).toHaveText(DEMO_USERS.reviewer.email);
  await reviewer.goto("/review/analytics");
  const before = await analyticsFigures(reviewer);
  // The queue of disputes, as a link would open it.
  await reviewer.goto("/review?kind=payment_dispute");
  const queue = reviewer.getByRole("listbox", { name: "Review queue" });
  await expect(queue).toBeFocused();
  const detail = reviewer.getByTestId("review-detail");
  const dialog = reviewer.getByRole("dialog");
  const message = reviewer.getByTestId("review-message");

  // Approve the dispute: the engine recommends suspending the tenant.
  await selectWithKeyboard(reviewer, fraud.name);
  await expect(detail.getByTestId("review-recommendation")).toContainText(
    "Suspend tenant (suspend) · confidence 60",
  );
  await expect(detail.getByTestId("review-recommendation")).toContainText("P2 Fraud");
  await expect(detail.getByTestId("review-engine")).toHaveText("rules");
  await expect(detail.getByTestId("review-claim")).toContainText("You have this item open until");

  // Esc cancels without deciding, and the queue has the focus again.
  await reviewer.keyboard.press("r");
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel("Why (required)")).toBeFocused();
  await expect(dialog.getByLabel("Why (required)")).toHaveValue("");
  await reviewer.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(queue).toBeFocused();
  await expect(detail.getByTestId("review-decisions")).toContainText("Nobody has decided yet.");

  await reviewer.keyboard.press("a");
  await expect(dialog.getByRole("heading", { name: "Approve the recommendation" })).toBeVisible();
  await expect(dialog).toContainText("Execute Suspend tenant, as the engine recommends.");
  await expect(dialog.getByRole("button", { name: "Approve" })).toBeFocused();
  await reviewer.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(message).toHaveText("Approved: Suspend tenant is being executed.");
  await expect(queue).toBeFocused();
  const approval = detail.getByTestId("review-decision");
  await expect(approval).toContainText("Approved");
  await expect(approval).toContainText("Suspend tenant");
  await expect(approval).toContainText(`by ${DEMO_USERS.reviewer.email}`);
  // The worker executes it; the pane polls until the outcome is in.
  await expect(approval.getByTestId("review-execution")).toContainText(
    `succeeded${fraud.name} was suspended.`,
    { timeout: 30_000 },
  );
  await expect(detail.getByTestId("review-tenant-status")).toHaveText("suspended");
  await expect(detail.getByTestId("review-detail-status")).toHaveText("approved");

  // Reject the missed installment; the note is required.
  await reviewer.goto("/review?kind=payment_missed_installment");
  await expect(queue).toBeFocused();
  await selectWithKeyboard(reviewer, late.name);
  await expect(detail.getByTestId("review-recommendation")).toContainText(
    "Send payment reminder (remind) · confidence 80",
  );
  await expect(detail.getByTestId("review-claim")).toContainText("You have this item open until");
  await reviewer.keyboard.press("r");
  await expect(dialog.getByRole("heading", { name: "Reject the recommendation" })).toBeVisible();
  await reviewer.keyboard.press("Enter");
  await expect(dialog.getByRole("alert")).toHaveText("Some fields are invalid.");
  await expect(dialog).toContainText("Say why you reject it");
  await expect(dialog.getByLabel("Why (required)")).toBeFocused();
  await reviewer.keyboard.type(note);
  await reviewer.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(message).toHaveText("Rejected: Send payment reminder will not be executed.");
  const rejection = detail.getByTestId("review-decision");
  await expect(rejection).toContainText("Rejected");
  await expect(rejection).toContainText(`by ${DEMO_USERS.reviewer.email}`);
  await expect(rejection).toContainText(`“${note}”`);
  await expect(detail.getByTestId("review-detail-status")).toHaveText("rejected");
  await expect(detail.getByTestId("review-read-only")).toHaveText("Decided; only an owner can reopen it.");

  // The decided item has left the queue; the pane keeps showing it until the reviewer moves on.
  await expect(queue.getByRole("option").filter({ hasText: late.name })).toHaveCount(0);

  // Analytics: one more agreement on disputes, one more rejected missed installment, two more decisions by the reviewer.
  await reviewer.goto("/review/analytics");
  expect(await analyticsFigures(reviewer)).toEqual({
    disputesAgreed: before.disputesAgreed + 1,
    disputesRejected: before.disputesRejected,
    installmentsAgreed: before.installmentsAgreed,
    installmentsRejected: before.installmentsRejected + 1,
    reviewerLast7Days: before.reviewerLast7Days + 2,
  });
  await expect(reviewer.getByRole("region", { name: "Agreement per policy version" })).toContainText(
    "payment-dispute.md @ ",
  );
  const chart = reviewer.getByRole("img", {
    name: /^Decisions per week from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d: \d+ agreed, \d+ modified, \d+ rejected/,
  });
  await expect(chart.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await reviewerContext.close();

  // The owner finds the tenant suspended by the reviewer's decision.
  await page.goto(`/tenants/${fraudTenantId}`);
  const status = page
    .locator("dl > div")
    .filter({ has: page.getByRole("term").getByText("Status", { exact: true }) })
    .getByRole("definition");
  await expect(status).toHaveText("suspended");
});

test("a reviewer cannot open the review settings; the queue's routes need a session", async ({
  page,
  signIn,
  playwright,
  baseURL,
}) => {
  const anonymous = await playwright.request.newContext({ baseURL });
  expect((await anonymous.get("/api/review/items")).status()).toBe(401);
  expect((await anonymous.get("/api/review/items/anything")).status()).toBe(401);
  await anonymous.dispose();

  await signIn("reviewer");
  await page.goto("/review/settings");
  await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
  await page.goto("/review");
  await expect(page.getByRole("navigation", { name: "Review" }).getByRole("link")).toHaveText([
    "Queue",
    "Analytics",
  ]);
  expect((await page.request.get("/api/review/items/no-such-item")).status()).toBe(404);
});
