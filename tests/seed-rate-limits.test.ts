import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedDemo } from "@/lib/seed/seed-demo";
import { rateLimitOverview } from "@/lib/rate-limits/queries";

describe("demo seed", () => {
  it("gives the rate-limit pages a week of traffic, offenders and a spiking tenant, and changes nothing when run again", async () => {
    const now = new Date();
    await seedDemo({ tenants: 40, now });
    // The usage seed adds a day's traffic for the other tenants; these are the rate-limit pages' 30.
    const paged = async () =>
      (await db.rateLimitMinute.findMany({ distinct: ["tenantId"], select: { tenantId: true } })).map(
        (m) => m.tenantId,
      );
    const counts = async () => [
      await db.rateLimitHour.count({ where: { tenantId: { in: await paged() } } }),
      await db.rateLimitMinute.count(),
      await db.rateLimitViolation.count(),
      await db.ipListEntry.count(),
    ];
    const first = await counts();
    expect(first.slice(0, 2)).toEqual([30 * 168, 30 * 60]);
    const overview = await rateLimitOverview(now);
    expect(overview.topIps.length).toBeGreaterThan(0);
    expect(overview.spikes.map((s) => s.z).every((z) => z >= 3)).toBe(true);
    expect(overview.spikes).toHaveLength(1);
    await seedDemo({ tenants: 40, now });
    expect(await counts()).toEqual(first);
  });
});
