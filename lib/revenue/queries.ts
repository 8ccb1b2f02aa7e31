import { db } from "@/lib/db";
import type { Plan } from "@/lib/generated/prisma/enums";
import { monthStatesCte, planFilter } from "./month-states";

export type RevenueQuery = { from: Date; to: Date; plan: Plan | null };

/** One month's MRR movements in one currency (minor units; contraction and churn are negative). */
export type MonthMovements = {
  month: string;
  currency: string;
  mrr: number;
  customers: number;
  newMrr: number;
  expansion: number;
  contraction: number;
  churned: number;
  reactivation: number;
  newCustomers: number;
  reactivatedCustomers: number;
  churnedCustomers: number;
  trialsEnded: number;
  trialsConverted: number;
};

const n = (v: bigint | number | null) => Number(v ?? 0);
const monthKey = (d: Date) => d.toISOString().slice(0, 7);

/**
 * MRR, paying customers and MRR movements for each month of [from, to) and each currency, with
 * trial outcomes. MRR and customers are running sums of what each changed month adds and what the
 * next change takes away, so a month without changes costs nothing.
 */
export async function monthlyMovements({ from, to, plan }: RevenueQuery): Promise<MonthMovements[]> {
  const [levels, moves, trials] = await Promise.all([
    db.$queryRaw<{ month: Date; currency: string; mrr: bigint; customers: bigint }[]>`
      WITH ${monthStatesCte(to)},
      deltas AS (
        SELECT month, currency, mrr AS d_mrr, (mrr > 0)::int AS d_customers FROM month_states WHERE true ${planFilter(plan)}
        UNION ALL
        SELECT next_month, currency, -mrr, -(mrr > 0)::int FROM month_states WHERE next_month IS NOT NULL ${planFilter(plan)}
      ),
      by_month AS (SELECT month, currency, sum(d_mrr) AS d_mrr, sum(d_customers) AS d_customers FROM deltas GROUP BY 1, 2),
      months AS (SELECT generate_series(date_trunc('month', ${from}::timestamp), ${to}::timestamp - interval '1 day', interval '1 month') AS month),
      running AS (
        SELECT m.month, c.currency,
               sum(coalesce(b.d_mrr, 0)) OVER (PARTITION BY c.currency ORDER BY m.month) +
                 (SELECT coalesce(sum(d_mrr), 0) FROM by_month p WHERE p.currency = c.currency AND p.month < date_trunc('month', ${from}::timestamp)) AS mrr,
               sum(coalesce(b.d_customers, 0)) OVER (PARTITION BY c.currency ORDER BY m.month) +
                 (SELECT coalesce(sum(d_customers), 0) FROM by_month p WHERE p.currency = c.currency AND p.month < date_trunc('month', ${from}::timestamp)) AS customers
        FROM months m CROSS JOIN (SELECT DISTINCT currency FROM by_month) c
        LEFT JOIN by_month b ON b.month = m.month AND b.currency = c.currency
      )
      SELECT month, currency, mrr, customers FROM running ORDER BY month, currency`,
    db.$queryRaw<Record<string, bigint | Date | string>[]>`
      WITH ${monthStatesCte(to)}
      SELECT month, currency,
             sum(mrr) FILTER (WHERE prev = 0 AND mrr > 0 AND NOT paid_before) AS new_mrr,
             sum(mrr) FILTER (WHERE prev = 0 AND mrr > 0 AND paid_before) AS reactivation,
             sum(mrr - prev) FILTER (WHERE prev > 0 AND mrr > prev) AS expansion,
             sum(mrr - prev) FILTER (WHERE prev > 0 AND mrr > 0 AND mrr < prev) AS contraction,
             sum(-prev) FILTER (WHERE prev > 0 AND mrr = 0) AS churned,
             count(*) FILTER (WHERE prev = 0 AND mrr > 0 AND NOT paid_before) AS new_customers,
             count(*) FILTER (WHERE prev = 0 AND mrr > 0 AND paid_before) AS reactivated_customers,
             count(*) FILTER (WHERE prev > 0 AND mrr = 0) AS churned_customers
      FROM month_states
      WHERE month >= date_trunc('month', ${from}::timestamp) ${planFilter(plan)}
      GROUP BY month, currency`,
    db.$queryRaw<{ month: Date; currency: string; ended: bigint; converted: bigint }[]>`
      WITH steps AS (
        SELECT at, currency, plan, status, lag(status) OVER (PARTITION BY tenant_id ORDER BY at, id) AS before
        FROM subscription_changes WHERE at < ${to}
      )
      SELECT date_trunc('month', at) AS month, currency,
             count(*) AS ended, count(*) FILTER (WHERE status IN ('active', 'past_due')) AS converted
      FROM steps
      WHERE before = 'trialing' AND status <> 'trialing' AND at >= date_trunc('month', ${from}::timestamp) ${planFilter(plan)}
      GROUP BY 1, 2`,
  ]);
  const key = (month: Date, currency: string) => `${monthKey(month)} ${currency}`;
  const movesBy = new Map(moves.map((m) => [key(m.month as Date, m.currency as string), m]));
  const trialsBy = new Map(trials.map((t) => [key(t.month, t.currency), t]));
  return levels.map((level) => {
    const m = movesBy.get(key(level.month, level.currency)) ?? {};
    const t = trialsBy.get(key(level.month, level.currency));
    return {
      month: monthKey(level.month),
      currency: level.currency,
      mrr: n(level.mrr),
      customers: n(level.customers),
      newMrr: n(m.new_mrr as bigint),
      expansion: n(m.expansion as bigint),
      contraction: n(m.contraction as bigint),
      churned: n(m.churned as bigint),
      reactivation: n(m.reactivation as bigint),
      newCustomers: n(m.new_customers as bigint),
      reactivatedCustomers: n(m.reactivated_customers as bigint),
      churnedCustomers: n(m.churned_customers as bigint),
      trialsEnded: n(t?.ended ?? 0),
      trialsConverted: n(t?.converted ?? 0),
    };
  });
}

/** Paying tenants of a cohort (month of their first subscription row) at the end of each later month. */
export type CohortCell = { cohort: string; month: string; paying: number; size: number };

/**
 * Logo retention by cohort: a cohort is the tenants whose history starts in a month, its size
 * those of them that ever paid, and each later month counts how many of them pay at its end.
 */
export async function cohortRetention({ from, to, plan }: RevenueQuery): Promise<CohortCell[]> {
  const rows = await db.$queryRaw<{ cohort: Date; month: Date; paying: bigint; size: bigint }[]>`
    WITH ${monthStatesCte(to)},
    cohort_of AS (
      SELECT tenant_id, cohort FROM month_states WHERE mrr > 0 ${planFilter(plan)} GROUP BY tenant_id, cohort
    ),
    deltas AS (
      SELECT s.cohort, s.month, (s.mrr > 0)::int AS d FROM month_states s JOIN cohort_of USING (tenant_id)
      UNION ALL
      SELECT s.cohort, s.next_month, -(s.mrr > 0)::int FROM month_states s JOIN cohort_of USING (tenant_id) WHERE s.next_month IS NOT NULL
    ),
    by_month AS (SELECT cohort, month, sum(d) AS d FROM deltas GROUP BY 1, 2),
    months AS (SELECT generate_series(date_trunc('month', ${from}::timestamp), ${to}::timestamp - interval '1 day', interval '1 month') AS month),
    sizes AS (SELECT cohort, count(*) AS size FROM cohort_of WHERE cohort >= date_trunc('month', ${from}::timestamp) GROUP BY cohort),
    grid AS (
      SELECT s.cohort, m.month, s.size, coalesce(b.d, 0) AS d FROM sizes s
      JOIN months m ON m.month >= s.cohort
      LEFT JOIN by_month b ON b.cohort = s.cohort AND b.month = m.month
    )
    SELECT cohort, month, size, sum(d) OVER (PARTITION BY cohort ORDER BY month) AS paying FROM grid
    ORDER BY cohort, month`;
  return rows.map((r) => ({
    cohort: monthKey(r.cohort),
    month: monthKey(r.month),
    paying: n(r.paying),
    size: n(r.size),
  }));
}
