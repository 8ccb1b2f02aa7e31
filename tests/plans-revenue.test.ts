import { describe, expect, it } from "vitest";
import { GET } from "@/app/api/v1/tenants/[id]/entitlements/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { db } from "@/lib/db";
import { computeEntitlements, getEntitlementsOrThrow } from "@/lib/plans/entitlements";
import { setEntitlementOverride } from "@/lib/plans/entitlement-overrides";
import { movePlanTenants, previewPlanMove } from "@/lib/plans/move-plan-tenants";
import { recordSubscriptionChanges } from "@/lib/plans/record-subscription-changes";
import { updatePlan } from "@/lib/plans/update-plan";
import { cohortRetention, monthlyMovements } from "@/lib/revenue/queries";
import { updateTenant } from "@/lib/tenants/update-tenant";
import { makeTenant, makeUser } from "./setup/fixtures";
import { routed } from "./setup/routed";

const { actor: owner } = await makeUser("OWNER");
const DAY = 86_400_000;

type Row = { at: string; plan: "starter" | "pro"; interval?: "month" | "year"; status: string; mrr: number };

/** A tenant with a hand-written subscription history (USD unless given). */
async function tenantWithHistory(rows: Row[], currency = "USD") {
  const { id } = await makeTenant(owner);
  // The history makeTenant wrote is today's, after the months under test; replace it.
  await db.subscriptionChange.deleteMany({ where: { tenantId: id } });
  await db.subscriptionChange.createMany({
    data: rows.map((r, i) => ({
      id: `${id}-${i}`,
      tenantId: id,
      at: new Date(r.at),
      plan: r.plan,
      planVersionId: `plan_${r.plan}_v1`,
      billingInterval: r.interval ?? "month",
      status: r.status as "active",
      mrrMinor: r.mrr,
      currency,
      source: "seed",
    })),
  });
  return id;
}

describe("revenue: MRR movements", () => {
  it("equal the hand-computed values for upgrades, yearly plans, downgrades, churn, reactivation and currencies", async () => {
    // Upgrade mid-month: starter (29.00) in January, pro (99.00) from 15 February.
    await tenantWithHistory([
      { at: "2025-01-10T00:00:00Z", plan: "starter", status: "active", mrr: 2900 },
      { at: "2025-02-15T00:00:00Z", plan: "pro", status: "active", mrr: 9900 },
    ]);
    // Yearly pro (990.00 a year = 82.50 a month), then a downgrade to monthly starter in March.
    await tenantWithHistory([
      { at: "2025-01-05T00:00:00Z", plan: "pro", interval: "year", status: "active", mrr: 8250 },
      { at: "2025-03-20T00:00:00Z", plan: "starter", status: "active", mrr: 2900 },
    ]);
    // Cancelled in February, back in April.
    await tenantWithHistory([
      { at: "2025-01-03T00:00:00Z", plan: "starter", status: "active", mrr: 2900 },
      { at: "2025-02-10T00:00:00Z", plan: "starter", status: "cancelled", mrr: 0 },
      { at: "2025-04-02T00:00:00Z", plan: "starter", status: "active", mrr: 2900 },
    ]);
    // A trial converted in February; a trial that ended unpaid in January.
    await tenantWithHistory([
      { at: "2025-01-01T00:00:00Z", plan: "starter", status: "trialing", mrr: 0 },
      { at: "2025-02-01T00:00:00Z", plan: "starter", status: "active", mrr: 2900 },
    ]);
    await tenantWithHistory([
      { at: "2025-01-01T00:00:00Z", plan: "starter", status: "trialing", mrr: 0 },
      { at: "2025-01-20T00:00:00Z", plan: "starter", status: "cancelled", mrr: 0 },
    ]);
    // Up and back down within March: no movement.
    await tenantWithHistory([
      { at: "2025-01-08T00:00:00Z", plan: "starter", status: "active", mrr: 2900 },
      { at: "2025-03-02T00:00:00Z", plan: "pro", status: "active", mrr: 9900 },
      { at: "2025-03-25T00:00:00Z", plan: "starter", status: "active", mrr: 2900 },
    ]);
    // Euros stay apart.
    await tenantWithHistory(
      [{ at: "2025-01-01T00:00:00Z", plan: "pro", status: "active", mrr: 9000 }],
      "EUR",
    );

    const months = await monthlyMovements({
      from: new Date("2025-01-01T00:00:00Z"),
      to: new Date("2025-05-01T00:00:00Z"),
      plan: null,
    });
    const usd = Object.fromEntries(months.filter((m) => m.currency === "USD").map((m) => [m.month, m]));
    expect(usd["2025-01"]).toMatchObject({
      newMrr: 2900 + 8250 + 2900 + 2900,
      newCustomers: 4,
      mrr: 16950,
      customers: 4,
      trialsEnded: 1,
      trialsConverted: 0,
    });
    expect(usd["2025-02"]).toMatchObject({
      expansion: 7000,
      churned: -2900,
      newMrr: 2900,
      churnedCustomers: 1,
      mrr: 16950 + 7000 - 2900 + 2900,
      trialsEnded: 1,
      trialsConverted: 1,
    });
    expect(usd["2025-03"]).toMatchObject({ contraction: 2900 - 8250, expansion: 0, mrr: 23950 - 5350 });
    expect(usd["2025-04"]).toMatchObject({ reactivation: 2900, newMrr: 0, mrr: 18600 + 2900, customers: 5 });
    const eur = months.filter((m) => m.currency === "EUR");
    expect(eur.map((m) => m.mrr)).toEqual([9000, 9000, 9000, 9000]);
    expect(eur[0].newMrr).toBe(9000);

    const starterOnly = await monthlyMovements({
      from: new Date("2025-03-01T00:00:00Z"),
      to: new Date("2025-04-01T00:00:00Z"),
      plan: "starter",
    });
    // The downgrade lands on starter (the plan the tenant ended March on).
    expect(starterOnly.find((m) => m.currency === "USD")).toMatchObject({ contraction: -5350 });

    const cohorts = await cohortRetention({
      from: new Date("2025-01-01T00:00:00Z"),
      to: new Date("2025-05-01T00:00:00Z"),
      plan: null,
    });
    const january = cohorts.filter((c) => c.cohort === "2025-01");
    // Six January tenants ever paid (the EUR one included); one churned in February and came back in April.
    expect(january.map((c) => c.paying)).toEqual([5, 5, 5, 6]);
    expect(january[0].size).toBe(6);
  });
});

describe("plan catalog", () => {
  const proTerms = async () => {
    const plan = await db.catalogPlan.findUniqueOrThrow({
      where: { key: "pro" },
      include: { currentVersion: true },
    });
    const v = plan.currentVersion!;
    return {
      key: "pro",
      name: plan.name,
      currency: plan.currency,
      trialDays: plan.trialDays,
      monthlyPrice: v.monthlyPriceMinor / 100,
      yearlyPrice: v.yearlyPriceMinor / 100,
      limits: v.limits as Record<string, number>,
      features: v.features,
    };
  };

  it("a price change makes a new version that does not move existing tenants until the owner moves them", async () => {
    const existing = await makeTenant(owner, { plan: "pro" });
    await db.tenant.update({ where: { id: existing.id }, data: { status: "active" } });
    await db.$transaction((tx) => recordSubscriptionChanges(tx, [existing.id], { source: "dashboard" }));
    const before = await db.tenant.findUniqueOrThrow({ where: { id: existing.id } });

    const terms = await proTerms();
    const result = await updatePlan.execute(owner, { ...terms, monthlyPrice: 119 });
    expect(result.newVersion).toBe(true);
    expect((await db.tenant.findUniqueOrThrow({ where: { id: existing.id } })).planVersionId).toBe(
      before.planVersionId,
    );
    const newcomer = await makeTenant(owner, { plan: "pro" });
    const newcomerVersion = (await db.tenant.findUniqueOrThrow({ where: { id: newcomer.id } })).planVersionId;
    expect(newcomerVersion).not.toBe(before.planVersionId);

    const preview = await previewPlanMove("pro");
    expect(preview.toVersion).toBe(result.version);
    expect(preview.tenants).toBeGreaterThanOrEqual(1);
    expect(preview.mrrDeltaMinor).toBe(2000);

    await expect(
      movePlanTenants.execute(owner, { key: "pro", expectedTenants: preview.tenants + 1 }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await movePlanTenants.execute(owner, { key: "pro", expectedTenants: preview.tenants })).toEqual({
      key: "pro",
      moved: preview.tenants,
    });
    const history = await db.subscriptionChange.findMany({
      where: { tenantId: existing.id },
      orderBy: { at: "asc" },
    });
    expect(history.at(-1)).toMatchObject({ source: "plan_move", mrrMinor: 11900, status: "active" });
    const audit = await db.auditLog.findFirst({ where: { action: "plan.tenants_moved", entityId: "pro" } });
    expect(audit?.after).toMatchObject({ tenants: preview.tenants });
  });

  it("refuses bad plan input with field messages", async () => {
    await expect(
      updatePlan.execute(owner, { ...(await proTerms()), currency: "dollars", monthlyPrice: -1 }),
    ).rejects.toMatchObject({
      code: "VALIDATION",
      fields: { currency: [expect.any(String)], monthlyPrice: [expect.any(String)] },
    });
  });
});

describe("entitlements", () => {
  it("an override applies until its end date", async () => {
    const { id } = await makeTenant(owner, { plan: "starter" });
    const endsAt = new Date(Date.now() + 2 * DAY);
    await setEntitlementOverride.execute(owner, {
      tenantId: id,
      key: "seats",
      kind: "limit",
      limit: 50,
      endsAt: endsAt.toISOString(),
      reason: "Onboarding boost",
    });
    await setEntitlementOverride.execute(owner, {
      tenantId: id,
      key: "sso",
      kind: "feature",
      enabled: "true",
      reason: "Pilot",
    });
    const during = await computeEntitlements(id, new Date());
    expect(during?.limits.seats).toBe(50);
    expect(during?.features).toContain("sso");
    const after = await computeEntitlements(id, new Date(endsAt.getTime() + 1));
    expect(after?.limits.seats).toBe(5);
    expect(after?.features).toContain("sso");
  });

  it("GET /api/v1/tenants/{id}/entitlements reflects a plan change at once, and 404s an unknown tenant", async () => {
    const { key } = await createApiKey.execute(owner, { name: "platform", scopes: ["tenants:read"] });
    const call = (id: string) =>
      routed(
        GET,
        "/api/v1/tenants/[id]/entitlements",
      )(
        new Request(`http://steward.test/api/v1/tenants/${id}/entitlements`, {
          headers: { authorization: `Bearer ${key}` },
        }),
      );
    const tenant = await makeTenant(owner, { plan: "starter" });
    const first = await call(tenant.id);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ plan: "starter", limits: { requests_per_day: 10_000 } });
    expect((await getEntitlementsOrThrow(tenant.id)).plan).toBe("starter"); // now cached

    const { slug, name, timezone, contactEmail } = tenant;
    await updateTenant.execute(owner, {
      id: tenant.id,
      slug,
      name,
      timezone,
      contactEmail,
      plan: "enterprise",
    });
    const second = await call(tenant.id);
    expect(await second.json()).toMatchObject({
      plan: "enterprise",
      limits: { requests_per_day: 1_000_000 },
    });

    const event = await db.webhookEvent.findFirst({
      where: { type: "tenant.plan_changed", tenantId: tenant.id },
    });
    expect(event?.payload).toMatchObject({
      data: { previous_plan: "starter", entitlements: { plan: "enterprise" } },
    });
    expect((await call("no-such-tenant")).status).toBe(404);
  });
});
