import { Prisma } from "@/lib/generated/prisma/client";

/**
 * SQL for a tenant's MRR (ChartMogul's definition) at the plan version aliased `version`, with the
 * tenant aliased `t`: the monthly price, or the yearly price divided by 12, while the tenant pays
 * (active or past due); a trial, a suspension or a cancellation makes 0.
 */
export function mrrSql(version: "v" | "target"): Prisma.Sql {
  return Prisma.raw(`(CASE WHEN t.status IN ('active', 'past_due')
    THEN CASE WHEN t.billing_interval = 'year' THEN round(${version}.yearly_price_minor / 12.0)::int
              ELSE ${version}.monthly_price_minor END
    ELSE 0 END)`);
}
