import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { seedDemo } from "@/lib/seed/seed-demo";

const DAY = 86_400_000;

/** The anomalies of the metrics the platform reports (the demo's stories), by status. */
async function reportedAnomalies() {
  return db.anomaly.findMany({
    where: { metric: { source: "api" } },
    include: { metric: true, tenant: true },
    orderBy: { firstBucket: "asc" },
  });
}

async function counts() {
  return [
    await db.metricSeries.count(),
    await db.metricPoint.count(),
    await db.anomaly.count(),
    await db.auditLog.count(),
    await db.emailLog.count(),
    await db.notification.count(),
  ];
}

describe("demo anomalies seed", () => {
  it("opens the dashboard with active anomalies (one critical), one acknowledged, resolved and false positive, a muted metric, no alert emails, and changes nothing when run again", async () => {
    const now = new Date("2026-11-18T12:34:00.000Z");
    await seedDemo({ now });
    const owner = await db.user.findUniqueOrThrow({ where: { email: "owner@steward.local" } });

    const series = await db.metricSeries.findMany({
      where: { metric: { source: "api" } },
      include: { metric: true, tenant: true, _count: { select: { points: true } } },
    });
    expect(new Set(series.map((s) => s.tenantId)).size).toBe(20);
    expect(series.every((s) => ["UTC", "Asia/Tokyo"].includes(s.tenant.timezone))).toBe(true);
    for (const s of series)
      expect(s._count.points, `${s.tenant.slug} ${s.metric.key}`).toBe(
        s.metric.bucket === "hour" ? 30 * 24 : 30,
      );
    const lastRevenue = await db.metricPoint.findFirstOrThrow({
      where: { series: { metric: { key: "revenue" } } },
      orderBy: { bucket: "desc" },
    });
    expect(lastRevenue.bucket).toEqual(new Date("2026-11-18T11:00:00.000Z"));

    const anomalies = await reportedAnomalies();
    const byStatus = Object.fromEntries(
      ["active", "acknowledged", "resolved", "false_positive"].map((status) => [
        status,
        anomalies
          .filter((a) => a.status === status)
          .map((a) => a.metric.key)
          .sort(),
      ]),
    );
    expect(byStatus).toEqual({
      active: ["active_users", "latency_p95", "revenue", "storage_gb"],
      acknowledged: ["error_rate"],
      resolved: ["revenue"],
      false_positive: ["latency_p95"],
    });
    const [critical, ...otherCritical] = anomalies.filter((a) => a.severity === "critical");
    expect(otherCritical).toEqual([]);
    expect(
      anomalies
        .filter((a) => a.status === "active" && a.severity !== "critical")
        .every((a) => a.severity === "medium" || a.severity === "high"),
    ).toBe(true);
    expect(critical).toMatchObject({
      status: "active",
      metric: { key: "revenue" },
      lastBucket: new Date("2026-11-18T11:00:00.000Z"),
      anomalousBuckets: 4,
      alertedAt: now,
    });
    expect(critical.z).toBeLessThan(-7);
    // Every story is found where it was told, and nothing else among the reported metrics.
    expect(anomalies.every((a) => a.firstBucket.getTime() >= now.getTime() - 2 * DAY)).toBe(true);

    const acknowledged = anomalies.find((a) => a.status === "acknowledged")!;
    expect(acknowledged).toMatchObject({
      assigneeId: owner.id,
      note: expect.stringContaining("rolling it back"),
    });
    for (const a of anomalies.filter((a) => a.status === "resolved" || a.status === "false_positive"))
      expect(a).toMatchObject({ closedById: owner.id, closedAt: expect.any(Date) });
    const audited = await db.auditLog.findMany({
      where: { actorId: owner.id, entityType: { in: ["anomaly", "metric_series"] } },
      orderBy: { action: "asc" },
    });
    expect(audited.map((a) => a.action)).toEqual([
      "anomaly.acknowledged",
      "anomaly.false_positive",
      "anomaly.resolved",
      "anomaly_series.muted",
    ]);

    const muted = series.filter((s) => s.mutedUntil);
    expect(muted).toHaveLength(1);
    expect(muted[0]).toMatchObject({ mutedById: owner.id, muteReason: expect.stringContaining("Load test") });
    expect(muted[0].mutedUntil!.getTime()).toBeGreaterThan(Math.max(now.getTime(), Date.now()));
    expect(await db.anomaly.count({ where: { seriesId: muted[0].id } })).toBe(0);

    // The pass alerted no one, and only series with an alerted anomaly are in their cool-down.
    expect(await db.emailLog.count()).toBe(0);
    expect(await db.notification.count()).toBe(0);
    const coolingDown = await db.metricSeries.findMany({
      where: { lastAlertedAt: { not: null } },
      select: { id: true },
    });
    const alerted = await db.anomaly.findMany({
      where: { alertedAt: { not: null } },
      select: { seriesId: true },
    });
    expect(coolingDown.map((s) => s.id).sort()).toEqual([...new Set(alerted.map((a) => a.seriesId))].sort());

    const first = await counts();
    await seedDemo({ now });
    expect(await counts()).toEqual(first);
  }, 90_000); // seeds the whole demo twice
});
