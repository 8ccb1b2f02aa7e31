import { Prisma } from "@/lib/generated/prisma/client";
import type { Plan } from "@/lib/generated/prisma/enums";

/**
 * The `month_states` CTE every revenue query starts from: for each tenant and each month in which
 * its subscription changed, its state at the end of that month (the month's last history row),
 * with the MRR it had at the end of its previous changed month (`prev`), the month of its next
 * change (`next_month`, null if none), whether it paid in any earlier month, and its cohort (the
 * month of its first history row). Between two changed months nothing moved, so these rows alone
 * give every month's MRR and movements. Only rows before `before` count.
 */
export function monthStatesCte(before: Date): Prisma.Sql {
  return Prisma.sql`
    month_end AS (
      SELECT DISTINCT ON (tenant_id, date_trunc('month', at)) tenant_id, date_trunc('month', at) AS month,
             mrr_minor AS mrr, currency, plan
      FROM subscription_changes
      WHERE at < ${before}
      ORDER BY tenant_id, date_trunc('month', at), at DESC, id DESC
    ),
    month_states AS (
      SELECT tenant_id, month, mrr, currency, plan,
             coalesce(lag(mrr) OVER w, 0) AS prev,
             lead(month) OVER w AS next_month,
             coalesce(bool_or(mrr > 0) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS paid_before,
             min(month) OVER (PARTITION BY tenant_id) AS cohort
      FROM month_end
      WINDOW w AS (PARTITION BY tenant_id ORDER BY month)
    )`;
}

/** `AND plan = …` when a plan filter is set: a movement counts for the plan the tenant ended the month on. */
export function planFilter(plan: Plan | null): Prisma.Sql {
  return plan ? Prisma.sql`AND plan = ${plan}::"Plan"` : Prisma.empty;
}
