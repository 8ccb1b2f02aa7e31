import { Prisma } from "@/lib/generated/prisma/client";
import type { Plan } from "@/lib/generated/prisma/enums";

/**
 * The CTEs every revenue figure starts from, computed once per report (one sort of the history):
 * - `history`: each history row before `before`, with the tenant's status before it and the month
 *   of its next row;
 * - `month_states`: for each tenant and each month in which its subscription changed, its state at
 *   the end of that month (the month's last row), with the MRR it had at the end of its previous
 *   changed month (`prev`), the month of its next change (`next_month`, null if none), whether it
 *   paid in any earlier month, and its cohort (the month of its first row). Between two changed
 *   months nothing moved, so these rows alone give every month's MRR and movements.
 */
export function monthStatesCte(before: Date): Prisma.Sql {
  return Prisma.sql`
    history AS MATERIALIZED (
      SELECT tenant_id, at, date_trunc('month', at) AS month, mrr_minor AS mrr, currency, plan, status,
             lag(status) OVER w AS status_before,
             lead(date_trunc('month', at)) OVER w AS next_row_month
      FROM subscription_changes
      WHERE at < ${before}
      WINDOW w AS (PARTITION BY tenant_id ORDER BY at, id)
    ),
    month_states AS MATERIALIZED (
      SELECT tenant_id, month, mrr, currency, plan,
             coalesce(lag(mrr) OVER w, 0) AS prev,
             lead(month) OVER w AS next_month,
             coalesce(bool_or(mrr > 0) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), false) AS paid_before,
             first_value(month) OVER w AS cohort
      FROM history
      WHERE next_row_month IS DISTINCT FROM month
      WINDOW w AS (PARTITION BY tenant_id ORDER BY month)
    )`;
}

/** `AND plan = …` when a plan filter is set: a movement counts for the plan the tenant ended the month on. */
export function planFilter(plan: Plan | null): Prisma.Sql {
  return plan ? Prisma.sql`AND plan = ${plan}::"Plan"` : Prisma.empty;
}
