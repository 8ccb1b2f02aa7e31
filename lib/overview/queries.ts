import { db } from "@/lib/db";
import { planValues, tenantStatusValues } from "@/lib/tenants/schemas";
import { getWorkerStatus } from "@/lib/jobs/heartbeat";

/** Tenants created per ISO week over the last `weeks` weeks, zero-filled so the chart has no gaps. */
async function tenantsCreatedPerWeek(weeks: number, now: Date) {
  const rows = await db.$queryRaw<{ week: Date; count: bigint }[]>`
    SELECT date_trunc('week', created_at) AS week, count(*) AS count
    FROM tenants
    WHERE created_at >= date_trunc('week', ${now}::timestamp) - make_interval(weeks => ${weeks - 1})
    GROUP BY 1`;
  const byWeek = new Map(rows.map((r) => [r.week.toISOString().slice(0, 10), Number(r.count)]));
  const monday = new Date(
    Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - ((now.getUTCDay() + 6) % 7)),
  );
  return Array.from({ length: weeks }, (_, i) => {
    const week = new Date(monday.getTime() - (weeks - 1 - i) * 7 * 86_400_000).toISOString().slice(0, 10);
    return { week, count: byWeek.get(week) ?? 0 };
  });
}

export async function getOverview(now = new Date()) {
  const [byStatus, byPlan, perWeek, worker] = await Promise.all([
    db.tenant.groupBy({ by: ["status"], _count: { _all: true } }),
    db.tenant.groupBy({ by: ["plan"], _count: { _all: true } }),
    tenantsCreatedPerWeek(26, now),
    getWorkerStatus(now),
  ]);
  const count = <K extends string>(keys: readonly K[], rows: { key: K; n: number }[]) =>
    keys.map((key) => ({ key, count: rows.find((r) => r.key === key)?.n ?? 0 }));
  return {
    total: byStatus.reduce((sum, r) => sum + r._count._all, 0),
    byStatus: count(
      tenantStatusValues,
      byStatus.map((r) => ({ key: r.status, n: r._count._all })),
    ),
    byPlan: count(
      planValues,
      byPlan.map((r) => ({ key: r.plan, n: r._count._all })),
    ),
    perWeek,
    worker,
  };
}

export type Overview = Awaited<ReturnType<typeof getOverview>>;
