import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { Plan, ReviewItemKind, TenantStatus } from "@/lib/generated/prisma/enums";
import { decidePendingItems } from "@/lib/review/decide/decide-items";
import { executeReviewDecision } from "@/lib/review/execute/execute-decision";
import { decideItem } from "@/lib/review/human/review-actions";
import { analyzeUsage } from "@/lib/usage/analyze-usage";
import { classifyUsage, type DayActivity } from "@/lib/usage/classify-usage";
import { usageWindow } from "@/lib/usage/daily-activity";
import { getTenantUsageHealth } from "@/lib/usage/queries";
import { updateTenant } from "@/lib/tenants/update-tenant";
import { makeTenant, makeUser } from "./setup/fixtures";

const DAY = 86_400_000;
const now = new Date();
const tomorrow = new Date(now.getTime() + DAY);
const window = usageWindow(now);
const { actor: owner } = await makeUser("OWNER");
const reviewer = await makeUser("REVIEWER");

/** Midday of the window's i-th day (0 is the oldest, 29 yesterday). */
const dayAt = (i: number) => new Date(`${window.days[i]}T12:00:00Z`);

async function tenantWith(
  setup: {
    plan?: Plan;
    status?: TenantStatus;
    createdDaysAgo?: number;
    traffic?: Record<number, number>;
    denied?: number[];
  } = {},
) {
  const tenant = await makeTenant(owner, { plan: setup.plan ?? "pro" });
  await db.tenant.update({
    where: { id: tenant.id },
    data: {
      status: setup.status ?? "active",
      createdAt: new Date(now.getTime() - (setup.createdDaysAgo ?? 90) * DAY),
    },
  });
  const days = new Set([...Object.keys(setup.traffic ?? {}).map(Number), ...(setup.denied ?? [])]);
  await db.rateLimitHour.createMany({
    data: [...days].map((i) => ({
      tenantId: tenant.id,
      hour: dayAt(i),
      allowed: setup.traffic?.[i] ?? 1,
      denied: setup.denied?.includes(i) ? 3 : 0,
      shadowDenied: 0,
    })),
  });
  return tenant;
}

/** `requests` on each of the given days of the window. */
const on = (days: number[], requests = 100) => Object.fromEntries(days.map((i) => [i, requests]));

const itemsOf = (tenantId: string, kind?: ReviewItemKind) =>
  db.reviewItem.findMany({ where: { tenantId, ...(kind ? { kind } : {}) }, orderBy: { createdAt: "asc" } });
const snapshotsOf = (tenantId: string) => db.tenantUsage.findMany({ where: { tenantId } });

async function approveAndExecute(itemId: string, actor = reviewer.actor) {
  const { decisionId } = await decideItem.execute(actor, { itemId, verdict: "approve" });
  return executeReviewDecision(decisionId, null, { finalAttempt: true });
}

describe("usage classes", () => {
  const quiet: DayActivity = { requests: 0, denied: 0, reported: 0, payments: 0 };
  const windowWith = (active: number[], day: Partial<DayActivity> = { requests: 10 }) =>
    Array.from({ length: 30 }, (_, i) => (active.includes(i) ? { ...quiet, ...day } : quiet));
  const classOf = (active: number[]) => classifyUsage(windowWith(active), 1_000).usageClass;
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);

  it("inactive, rare, monthly, weekly and daily at their edges", () => {
    expect(classOf([])).toBe("inactive");
    expect(classOf([29])).toBe("rare");
    expect(classOf([0, 29])).toBe("rare");
    // Weeks are 7-day blocks back from yesterday (23–29, 16–22, 9–15, 2–8) and the 2-day stub 0–1.
    expect(classifyUsage(windowWith([23, 25, 29]), 1_000)).toMatchObject({
      usageClass: "monthly",
      activeDays: 3,
      activeWeeks: 1,
    });
    expect(classifyUsage(windowWith(range(16, 14)), 1_000)).toMatchObject({
      usageClass: "monthly",
      activeDays: 14,
      activeWeeks: 2,
    });
    expect(classifyUsage(windowWith([0, 1, 2]), 1_000)).toMatchObject({
      usageClass: "monthly",
      activeWeeks: 2,
    });
    expect(classifyUsage(windowWith([1, 8, 9]), 1_000)).toMatchObject({
      usageClass: "weekly",
      activeWeeks: 3,
    });
    expect(classifyUsage(windowWith([22, 23, 29]), 1_000)).toMatchObject({
      usageClass: "monthly",
      activeWeeks: 2,
    });
    expect(classifyUsage(windowWith([15, 22, 29]), 1_000)).toMatchObject({
      usageClass: "weekly",
      activeWeeks: 3,
    });
    expect(classifyUsage(windowWith(range(10, 19)), 1_000)).toMatchObject({
      usageClass: "weekly",
      activeDays: 19,
    });
    expect(classifyUsage(windowWith(range(10, 20)), 1_000)).toMatchObject({
      usageClass: "daily",
      activeDays: 20,
    });
    expect(classifyUsage(windowWith(range(0, 30)), 1_000)).toMatchObject({
      usageClass: "daily",
      activeDays: 30,
      activeWeeks: 5,
    });
  });

  it("a reported metric or a payment makes a day active; limit days are denials or the allowance reached", () => {
    expect(classifyUsage(windowWith([5], { reported: 1 }), 1_000)).toMatchObject({
      usageClass: "rare",
      requests: 0,
      limitDays: 0,
    });
    expect(classifyUsage(windowWith([5], { payments: 1 }), 1_000)).toMatchObject({
      usageClass: "rare",
      activeDays: 1,
    });
    const days = windowWith([]);
    days[3] = { ...quiet, requests: 999 };
    days[4] = { ...quiet, requests: 1_000 };
    days[5] = { ...quiet, requests: 5, denied: 1 };
    expect(classifyUsage(days, 1_000)).toMatchObject({
      activeDays: 3,
      requests: 2_004,
      peakDailyRequests: 1_000,
      limitDays: 2,
    });
  });
});

describe("usage analysis", () => {
  it("classifies from traffic, reported API metrics and payments inside the window only, and keeps the day's snapshot", async () => {
    const tenant = await tenantWith({ traffic: { 29: 400 }, denied: [29] });
    // Outside the window: before its first day, and today.
    await db.rateLimitHour.createMany({
      data: [new Date(window.start.getTime() - 3_600_000), now].map((hour) => ({
        tenantId: tenant.id,
        hour,
        allowed: 50,
        denied: 0,
        shadowDenied: 0,
      })),
    });
    const [logins, derived] = await Promise.all(
      ["active_users", "requests"].map((key) => db.metricDefinition.findUniqueOrThrow({ where: { key } })),
    );
    const reported = await db.metricSeries.create({ data: { tenantId: tenant.id, metricId: logins.id } });
    const computed = await db.metricSeries.create({ data: { tenantId: tenant.id, metricId: derived.id } });
    await db.metricPoint.createMany({
      data: [
        { seriesId: reported.id, bucket: dayAt(10), value: 4 },
        { seriesId: reported.id, bucket: dayAt(11), value: 0 },
        { seriesId: computed.id, bucket: dayAt(12), value: 90 },
      ],
    });
    await db.payment.create({
      data: {
        tenantId: tenant.id,
        amountMinor: 4900,
        currency: "EUR",
        status: "succeeded",
        providerReference: `ch_usage_${tenant.id}`,
        createdAt: dayAt(20),
      },
    });

    await analyzeUsage(now);
    const [snapshot] = await snapshotsOf(tenant.id);
    expect(snapshot).toMatchObject({
      usageClass: "weekly",
      plan: "pro",
      activeDays: 3,
      activeWeeks: 3,
      requests: 403n,
      peakDailyRequests: 403,
      limitDays: 1,
    });
    expect(snapshot.day.toISOString().slice(0, 10)).toBe(window.day);

    const health = await getTenantUsageHealth(tenant.id, now);
    expect(health.latest).toMatchObject({
      day: window.day,
      usageClass: "weekly",
      requests: 403,
      plan: "pro",
    });
    expect(health.dailyAllowance).toBe(100_000);
    expect(health.days).toHaveLength(30);
    expect(health.days[0].day).toBe(window.days[0]);
    expect(health.days[10]).toEqual({ day: window.days[10], requests: 0, denied: 0, reported: 1 });
    expect(health.days[29]).toEqual({ day: window.days[29], requests: 403, denied: 3, reported: 0 });
    expect(health.days.filter((d) => d.requests + d.reported > 0)).toHaveLength(2);
  });

  it("recommends downgrading an under-used premium plan whose peak fits the plan below", async () => {
    const rarePro = await tenantWith({ traffic: { 4: 340, 17: 120 } });
    const monthlyEnterprise = await tenantWith({ plan: "enterprise", traffic: on([20, 22, 24], 99_999) });
    const wouldThrottle = await tenantWith({ traffic: { 4: 10_000 } });
    const weeklyPro = await tenantWith({ traffic: on([1, 8, 15, 22, 29]) });
    const rareStarter = await tenantWith({ plan: "starter", traffic: on([4]) });
    const trialing = await tenantWith({ status: "trialing", traffic: on([4]) });
    const young = await tenantWith({ createdDaysAgo: 29, traffic: on([4]) });
    const cancelled = await tenantWith({ status: "cancelled", traffic: on([4]) });

    await analyzeUsage(now);
    const [item] = await itemsOf(rarePro.id);
    expect(item).toMatchObject({
      kind: "plan_downgrade",
      status: "pending",
      source: "usage-analysis",
      dedupeKey: `usage:${rarePro.id}:plan_downgrade:${window.day}`,
      summary: `${rarePro.name}: pro plan used rarely (2 active days in 30, peak 340 requests/day) — downgrade to starter`,
      evidence: {
        day: window.day,
        windowDays: 30,
        plan: "pro",
        dailyAllowance: 100_000,
        usageClass: "rare",
        activeDays: 2,
        activeWeeks: 2,
        requests: 460,
        peakDailyRequests: 340,
        limitDays: 0,
        targetPlan: "starter",
        targetDailyAllowance: 10_000,
      },
    });
    expect(await itemsOf(monthlyEnterprise.id)).toMatchObject([
      {
        kind: "plan_downgrade",
        evidence: { usageClass: "monthly", targetPlan: "pro", targetDailyAllowance: 100_000 },
      },
    ]);
    for (const tenant of [wouldThrottle, weeklyPro, rareStarter, trialing, young, cancelled])
      expect(await itemsOf(tenant.id)).toEqual([]);
    // Every tenant not cancelled has its snapshot, the young and the trialing too.
    expect(await snapshotsOf(young.id)).toHaveLength(1);
    expect(await snapshotsOf(trialing.id)).toHaveLength(1);
    expect(await snapshotsOf(cancelled.id)).toEqual([]);
  });

  it("recommends upgrading a tenant at its limits on USAGE_UPGRADE_LIMIT_DAYS days, never past enterprise", async () => {
    const denied = await tenantWith({
      plan: "starter",
      traffic: on(Array.from({ length: 25 }, (_, i) => i)),
      denied: [1, 5, 9, 13, 17],
    });
    const atAllowance = await tenantWith({ plan: "free", traffic: { ...on([3, 4, 5, 6], 1_000), 7: 2_500 } });
    const fourDays = await tenantWith({ plan: "starter", traffic: on([1, 2, 3, 4], 10_000) });
    const enterprise = await tenantWith({ plan: "enterprise", traffic: on([1, 2, 3, 4, 5, 6], 1_000_000) });
    // Few active days but denied on each: it needs the headroom, so it is not proposed a downgrade.
    const deniedPro = await tenantWith({ traffic: on([20, 21, 22, 23, 24]), denied: [20, 21, 22, 23, 24] });

    await analyzeUsage(now);
    expect(await itemsOf(denied.id)).toMatchObject([
      {
        kind: "plan_upgrade",
        summary: `${denied.name}: starter plan at its limits on 5 of 30 days (peak 103 requests/day) — upgrade to pro`,
        evidence: {
          plan: "starter",
          usageClass: "daily",
          limitDays: 5,
          targetPlan: "pro",
          targetDailyAllowance: 100_000,
        },
      },
    ]);
    expect(await itemsOf(atAllowance.id)).toMatchObject([
      { kind: "plan_upgrade", evidence: { limitDays: 5, peakDailyRequests: 2_500, targetPlan: "starter" } },
    ]);
    expect(await itemsOf(fourDays.id)).toEqual([]);
    expect(await itemsOf(enterprise.id)).toEqual([]);
    expect(await itemsOf(deniedPro.id)).toMatchObject([
      { kind: "plan_upgrade", evidence: { usageClass: "monthly", targetPlan: "enterprise" } },
    ]);
  });

  it("recommends archiving a tenant inactive for the whole window unless it is a trial or new", async () => {
    const idle = await tenantWith({ plan: "free" });
    const suspended = await tenantWith({ status: "suspended" });
    const trialing = await tenantWith({ status: "trialing" });
    const young = await tenantWith({ createdDaysAgo: 20 });
    const once = await tenantWith({ traffic: on([0]) });

    await analyzeUsage(now);
    expect(await itemsOf(idle.id)).toMatchObject([
      {
        kind: "tenant_archive",
        summary: `${idle.name}: no activity in 30 days (active, free plan) — archive`,
        evidence: { usageClass: "inactive", activeDays: 0, targetPlan: null, targetDailyAllowance: null },
      },
    ]);
    expect(await itemsOf(suspended.id)).toMatchObject([{ kind: "tenant_archive" }]);
    for (const tenant of [trialing, young]) expect(await itemsOf(tenant.id)).toEqual([]);
    expect(await itemsOf(once.id)).toMatchObject([{ kind: "plan_downgrade" }]);
  });

  it("running twice on a day keeps one snapshot with the latest numbers and raises nothing new; an open item holds off the next day's", async () => {
    const tenant = await tenantWith({ traffic: on([4]) });
    await analyzeUsage(now);
    await db.rateLimitHour.create({
      data: { tenantId: tenant.id, hour: dayAt(5), allowed: 7, denied: 1, shadowDenied: 0 },
    });
    const again = await analyzeUsage(now);

    expect(again.raised).toEqual({ plan_downgrade: 0, plan_upgrade: 0, tenant_archive: 0 });
    expect(await snapshotsOf(tenant.id)).toMatchObject([{ activeDays: 2, requests: 108n, limitDays: 1 }]);
    expect(await itemsOf(tenant.id)).toHaveLength(1);

    await analyzeUsage(tomorrow);
    expect(await itemsOf(tenant.id)).toHaveLength(1);
    expect(await snapshotsOf(tenant.id)).toHaveLength(2);
  });

  it("progress runs up to 100", async () => {
    const seen: number[] = [];
    await analyzeUsage(now, (percent) => seen.push(percent));
    expect(seen.at(-1)).toBe(100);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});

describe("plan-fit decisions and their execution", () => {
  it("the rules route each kind; an approved downgrade moves the plan as the reviewer, and the kind stays quiet for 30 days", async () => {
    const rare = await tenantWith({ traffic: { 4: 340, 17: 120 } });
    const often = await tenantWith({
      plan: "starter",
      traffic: on([1, 2, 3, 4, 5]),
      denied: [1, 2, 3, 4, 5],
    });
    const unpaid = await tenantWith({
      plan: "starter",
      status: "past_due",
      traffic: on([1, 2, 3, 4, 5]),
      denied: [1, 2, 3, 4, 5],
    });
    const idlePaying = await tenantWith();
    const idleSuspended = await tenantWith({ status: "suspended" });
    await analyzeUsage(now);
    await decidePendingItems(now);

    const [downgrade] = await itemsOf(rare.id);
    expect(downgrade).toMatchObject({
      status: "in_review",
      engine: "rules",
      recommendedAction: "change_plan",
      confidence: 82,
      policyApplied: "U1 Under-used",
    });
    expect(await itemsOf(often.id)).toMatchObject([
      {
        status: "in_review",
        recommendedAction: "change_plan",
        confidence: 72,
        policyApplied: "U5 Often at the limit",
      },
    ]);
    expect(await itemsOf(unpaid.id)).toMatchObject([
      { status: "escalated", recommendedAction: "dismiss", policyApplied: "U6 Unpaid" },
    ]);
    expect(await itemsOf(idlePaying.id)).toMatchObject([
      {
        status: "escalated",
        recommendedAction: "archive_tenant",
        confidence: 60,
        policyApplied: "A2 Paying but idle",
      },
    ]);
    expect(await itemsOf(idleSuspended.id)).toMatchObject([
      {
        status: "in_review",
        recommendedAction: "archive_tenant",
        confidence: 85,
        policyApplied: "A1 Nothing at stake",
      },
    ]);

    expect(await approveAndExecute(downgrade.id)).toEqual({
      ok: true,
      detail: `${rare.name} moved from pro to starter.`,
    });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: rare.id } })).toMatchObject({ plan: "starter" });
    expect(
      await db.auditLog.findFirst({ where: { entityId: rare.id, action: "tenant.plan_changed" } }),
    ).toMatchObject({ actorId: reviewer.user.id, before: { plan: "pro" }, after: { plan: "starter" } });

    // Rejected: the same kind is not raised the next day, nor until 30 days after the decision.
    const [upgrade] = await itemsOf(often.id);
    await decideItem.execute(reviewer.actor, {
      itemId: upgrade.id,
      verdict: "reject",
      note: "They have a campaign this month",
    });
    await analyzeUsage(tomorrow);
    expect(await itemsOf(often.id)).toHaveLength(1);
    await db.$executeRaw`UPDATE review_items SET updated_at = ${new Date(now.getTime() - 31 * DAY).toISOString()}::timestamp WHERE id = ${upgrade.id}`;
    await analyzeUsage(tomorrow);
    expect(await itemsOf(often.id)).toMatchObject([
      { status: "rejected" },
      { status: "pending", dedupeKey: `usage:${often.id}:plan_upgrade:${usageWindow(tomorrow).day}` },
    ]);
  });

  it("a plan changed meanwhile is left alone", async () => {
    const tenant = await tenantWith({
      plan: "starter",
      traffic: on([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 10_000),
    });
    await analyzeUsage(now);
    await decidePendingItems(now);
    const [item] = await itemsOf(tenant.id, "plan_upgrade");
    await db.tenant.update({ where: { id: tenant.id }, data: { plan: "enterprise" } });
    expect(await approveAndExecute(item.id)).toEqual({
      ok: false,
      detail: "The plan changed meanwhile; nothing was done.",
    });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: tenant.id } })).toMatchObject({
      plan: "enterprise",
    });
    expect(await db.reviewDecision.findFirst({ where: { itemId: item.id } })).toMatchObject({
      executionStatus: "failed",
    });
  });

  it("a downgrade is not executed for a tenant that outgrew the smaller plan since the analysis, nor a plan change for a cancelled tenant", async () => {
    const grew = await tenantWith({ plan: "pro", traffic: on([3, 20]) });
    const gone = await tenantWith({ plan: "pro", traffic: on([4, 21]) });
    await analyzeUsage(now);
    await decidePendingItems(now);
    const [grewItem] = await itemsOf(grew.id, "plan_downgrade");
    const [goneItem] = await itemsOf(gone.id, "plan_downgrade");
    await db.rateLimitHour.create({
      data: {
        tenantId: grew.id,
        hour: new Date(Math.floor(now.getTime() / 3_600_000) * 3_600_000),
        allowed: 80_000,
        denied: 0,
        shadowDenied: 0,
      },
    });
    await db.tenant.update({ where: { id: gone.id }, data: { status: "cancelled" } });
    expect(await approveAndExecute(grewItem.id)).toEqual({
      ok: false,
      detail: "The tenant has used more than starter allows since the analysis; its plan was left as it is.",
    });
    expect(await approveAndExecute(goneItem.id)).toEqual({
      ok: false,
      detail: "The tenant is cancelled; its plan was left as it is.",
    });
    expect(
      (await db.tenant.findMany({ where: { id: { in: [grew.id, gone.id] } } })).map((t) => t.plan),
    ).toEqual(["pro", "pro"]);
  });

  it("proposes no plan change while the window mixes two plans (denials on the old plan are not limits of the new one)", async () => {
    const tenant = await tenantWith({
      plan: "starter",
      traffic: on([10, 11, 12, 13, 14], 9_000),
      denied: [10, 11, 12, 13, 14],
    });
    await updateTenant.execute(owner, {
      id: tenant.id,
      name: tenant.name,
      slug: tenant.slug,
      plan: "pro",
      contactEmail: tenant.contactEmail,
      timezone: tenant.timezone,
    });
    await analyzeUsage(now);
    expect(await itemsOf(tenant.id)).toEqual([]);
  });

  it("archiving cancels an idle or suspended tenant as the owner and stops its payment retries, reports one already cancelled, and spares one that came back", async () => {
    const idle = await tenantWith();
    const suspended = await tenantWith({ status: "suspended" });
    // Billing suspended it over a charge from before the window that dunning still retries.
    const unpaid = await db.payment.create({
      data: {
        tenantId: suspended.id,
        amountMinor: 4900,
        currency: "EUR",
        status: "retrying",
        providerReference: `ch_archive_${suspended.id}`,
        firstFailedAt: new Date(now.getTime() - 40 * DAY),
        nextRetryAt: tomorrow,
        createdAt: new Date(now.getTime() - 40 * DAY),
      },
    });
    const gone = await tenantWith({ status: "suspended" });
    const back = await tenantWith({ plan: "free" });
    await analyzeUsage(now);
    await decidePendingItems(now);
    const itemOf = async (tenantId: string) => (await itemsOf(tenantId, "tenant_archive"))[0].id;

    expect(await approveAndExecute(await itemOf(idle.id), owner)).toEqual({
      ok: true,
      detail: `${idle.name} was cancelled.`,
    });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: idle.id } })).toMatchObject({
      status: "cancelled",
      statusReason: expect.stringContaining("Review decision:"),
    });
    expect(
      await db.auditLog.findFirst({ where: { entityId: idle.id, action: "tenant.cancelled" } }),
    ).toMatchObject({ actorLabel: owner.label });

    expect(await approveAndExecute(await itemOf(suspended.id))).toEqual({
      ok: true,
      detail: `${suspended.name} was cancelled.`,
    });
    expect(await db.payment.findUniqueOrThrow({ where: { id: unpaid.id } })).toMatchObject({
      status: "cancelled",
      nextRetryAt: null,
      settledAt: expect.any(Date),
    });
    expect(
      await db.billingActivity.findFirst({ where: { paymentId: unpaid.id, kind: "payment_abandoned" } }),
    ).toMatchObject({
      actorLabel: reviewer.actor.label,
      summary: expect.stringContaining("Retries stopped: review decision:"),
    });

    const goneItem = await itemOf(gone.id);
    await db.tenant.update({ where: { id: gone.id }, data: { status: "cancelled" } });
    expect(await approveAndExecute(goneItem)).toEqual({
      ok: true,
      detail: "The tenant was already cancelled.",
    });

    await db.rateLimitHour.create({
      data: { tenantId: back.id, hour: now, allowed: 3, denied: 0, shadowDenied: 0 },
    });
    expect(await approveAndExecute(await itemOf(back.id))).toEqual({
      ok: false,
      detail: "The tenant has been active since the analysis; it was not archived.",
    });
    expect(await db.tenant.findUniqueOrThrow({ where: { id: back.id } })).toMatchObject({ status: "active" });
  });
});
