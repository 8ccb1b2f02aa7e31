import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

/** How long each kind of rate-limit history is kept: minutes feed the live chart, hours the 7-day chart and spike baselines. */
const RETENTION = [
  { table: "rate_limit_minutes", column: "minute", days: 2 },
  { table: "rate_limit_violations", column: "minute", days: 30 },
  { table: "rate_limit_hours", column: "hour", days: 90 },
] as const;

/** Batched deletes of rate-limit history past its retention, for the nightly prune. */
export function rateLimitHistorySweeps(now: Date, batch: number) {
  const targets = RETENTION.map(({ table, column, days }) => ({
    table: Prisma.raw(table),
    column: Prisma.raw(column),
    cutoff: new Date(now.getTime() - days * 86_400_000),
  }));
  return {
    count: async () => {
      let total = 0;
      for (const t of targets)
        total += Number(
          (
            await db.$queryRaw<
              { n: bigint }[]
            >`SELECT count(*) AS n FROM ${t.table} WHERE ${t.column} < ${t.cutoff}`
          )[0].n,
        );
      return total;
    },
    sweeps: targets.map(
      (t) => () =>
        db.$executeRaw`DELETE FROM ${t.table} WHERE ctid IN (SELECT ctid FROM ${t.table} WHERE ${t.column} < ${t.cutoff} LIMIT ${batch})`,
    ),
  };
}
