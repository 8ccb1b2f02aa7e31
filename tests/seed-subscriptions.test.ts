import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { monthlyMovements } from "@/lib/revenue/queries";
import { reportWindow } from "@/lib/revenue/revenue-report";
import { seedDemo } from "@/lib/seed/seed-demo";
import { seedSubscriptionHistory } from "@/lib/seed/seed-subscriptions";

describe("demo subscription history", () => {
  it("gives every tenant twelve months of history ending in its current subscription, with every kind of movement", async () => {
    const now = new Date("2026-11-18T12:00:00.000Z");
    await seedDemo({ now });
    const tenants = await db.tenant.findMany({
      include: { subscriptionChanges: { orderBy: [{ at: "asc" }, { id: "asc" }] } },
    });
    expect(tenants.length).toBeGreaterThanOrEqual(300);
    for (const tenant of tenants) {
      const last = tenant.subscriptionChanges.at(-1);
      expect(last, tenant.slug).toMatchObject({
        plan: tenant.plan,
        status: tenant.status,
        billingInterval: tenant.billingInterval,
        planVersionId: tenant.planVersionId,
      });
      expect(last!.at.getTime()).toBeLessThanOrEqual(now.getTime());
    }
    const first = Math.min(...tenants.flatMap((t) => t.subscriptionChanges.map((s) => s.at.getTime())));
    expect(first).toBeLessThan(now.getTime() - 300 * 86_400_000);

    const months = await monthlyMovements({ ...reportWindow(12, now), plan: null });
    const total = (key: "newMrr" | "expansion" | "contraction" | "churned" | "reactivation") =>
      months.reduce((sum, m) => sum + m[key], 0);
    expect(months.every((m) => m.currency === "EUR")).toBe(true);
    expect(total("newMrr")).toBeGreaterThan(0);
    expect(total("expansion")).toBeGreaterThan(0);
    expect(total("contraction")).toBeLessThan(0);
    expect(total("churned")).toBeLessThan(0);
    expect(total("reactivation")).toBeGreaterThan(0);

    const rows = await db.subscriptionChange.count();
    expect(await seedSubscriptionHistory(now)).toBe(0);
    expect(await db.subscriptionChange.count()).toBe(rows);
    // A whole demo seed on a shared machine.
  }, 60_000);
});
