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

const monthKey = (at: string) => at.slice(0, 7);

/** Paying tenants of a cohort (month of their first subscription row) at the end of each later month. */
export type CohortCell = { cohort: string; month: string; paying: number; size: number };

type Json<T> = T[] | null;

/**
 * Everything the Revenue page shows, in one statement over one sort of the history:
 * - per month of [from, to) and currency: MRR and paying customers (running sums of what each
 *   changed month adds and what the next change takes away, so a month without changes costs
 *   nothing), the MRR movements, and trial outcomes;
 * - logo retention by cohort: a cohort is the tenants whose history starts in a month, its size
 *   those of them that ever paid, and each later month counts how many of them pay at its end.
 */
export async function revenueFigures({
  from,
  to,
  plan,
}: RevenueQuery): Promise<{ movements: MonthMovements[]; cohorts: CohortCell[] }> {
  const [row] = await db.$queryRaw<
    {
      levels: Json<{ month: string; currency: string; mrr: number; customers: number }>;
      moves: Json<Record<string, number | string | null>>;
      trials: Json<{ month: string; currency: string; ended: number; converted: number }>;
      cohorts: Json<{ cohort: string; month: string; size: number; paying: number }>;
    }[]
  >`
    WITH ${monthStatesCte(to)},
    months AS (
      SELECT generate_series(date_trunc('month', ${from}::timestamp), ${to}::timestamp - interval '1 day', interval '1 month') AS month
    ),
    deltas AS (
      SELECT month, currency, mrr AS d_mrr, (mrr > 0)::int AS d_customers FROM month_states WHERE true ${planFilter(plan)}
      UNION ALL
      SELECT next_month, currency, -mrr, -(mrr > 0)::int FROM month_states WHERE next_month IS NOT NULL ${planFilter(plan)}
    ),
    by_month AS (SELECT month, currency, sum(d_mrr) AS d_mrr, sum(d_customers) AS d_customers FROM deltas GROUP BY 1, 2),
    opening AS (
      SELECT currency, sum(d_mrr) AS mrr, sum(d_customers) AS customers FROM by_month
      WHERE month < date_trunc('month', ${from}::timestamp) GROUP BY currency
    ),
    levels AS (
      SELECT m.month, c.currency,
             coalesce(o.mrr, 0) + sum(coalesce(b.d_mrr, 0)) OVER (PARTITION BY c.currency ORDER BY m.month) AS mrr,
             coalesce(o.customers, 0) + sum(coalesce(b.d_customers, 0)) OVER (PARTITION BY c.currency ORDER BY m.month) AS customers
      FROM months m
      CROSS JOIN (SELECT DISTINCT currency FROM by_month) c
      LEFT JOIN by_month b ON b.month = m.month AND b.currency = c.currency
      LEFT JOIN opening o ON o.currency = c.currency
    ),
    moves AS (
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
      GROUP BY month, currency
    ),
    trials AS (
      SELECT month, currency, count(*) AS ended, count(*) FILTER (WHERE status IN ('active', 'past_due')) AS converted
      FROM history
      WHERE status_before = 'trialing' AND status <> 'trialing' AND month >= date_trunc('month', ${from}::timestamp) ${planFilter(plan)}
      GROUP BY month, currency
    ),
    cohort_of AS (
      SELECT DISTINCT tenant_id FROM month_states
      WHERE mrr > 0 AND cohort >= date_trunc('month', ${from}::timestamp) ${planFilter(plan)}
    ),
    cohort_deltas AS (
      SELECT s.cohort, s.month, (s.mrr > 0)::int AS d FROM month_states s JOIN cohort_of USING (tenant_id)
      UNION ALL
      SELECT s.cohort, s.next_month, -(s.mrr > 0)::int FROM month_states s JOIN cohort_of USING (tenant_id) WHERE s.next_month IS NOT NULL
    ),
    cohort_by_month AS (SELECT cohort, month, sum(d) AS d FROM cohort_deltas GROUP BY 1, 2),
    sizes AS (SELECT cohort, count(DISTINCT tenant_id) AS size FROM month_states JOIN cohort_of USING (tenant_id) GROUP BY cohort),
    cohorts AS (
      SELECT s.cohort, m.month, s.size,
             sum(coalesce(b.d, 0)) OVER (PARTITION BY s.cohort ORDER BY m.month) AS paying
      FROM sizes s
      JOIN months m ON m.month >= s.cohort
      LEFT JOIN cohort_by_month b ON b.cohort = s.cohort AND b.month = m.month
    )
    SELECT (SELECT json_agg(l ORDER BY l.month, l.currency) FROM levels l) AS levels,
           (SELECT json_agg(x) FROM moves x) AS moves,
           (SELECT json_agg(t) FROM trials t) AS trials,
           (SELECT json_agg(c ORDER BY c.cohort, c.month) FROM cohorts c) AS cohorts`;
  const key = (month: string, currency: string) => `${monthKey(month)} ${currency}`;
  const movesBy = new Map((row.moves ?? []).map((m) => [key(m.month as string, m.currency as string), m]));
  const trialsBy = new Map((row.trials ?? []).map((t) => [key(t.month, t.currency), t]));
  const num = (v: unknown) => Number(v ?? 0);
  const movements = (row.levels ?? []).map((level) => {
    const m = movesBy.get(key(level.month, level.currency)) ?? {};
    const t = trialsBy.get(key(level.month, level.currency));
    return {
      month: monthKey(level.month),
      currency: level.currency,
      mrr: num(level.mrr),
      customers: num(level.customers),
      newMrr: num(m.new_mrr),
      expansion: num(m.expansion),
      contraction: num(m.contraction),
      churned: num(m.churned),
      reactivation: num(m.reactivation),
      newCustomers: num(m.new_customers),
      reactivatedCustomers: num(m.reactivated_customers),
      churnedCustomers: num(m.churned_customers),
      trialsEnded: num(t?.ended),
      trialsConverted: num(t?.converted),
    };
  });
  const cohorts = (row.cohorts ?? []).map((c) => ({
    cohort: monthKey(c.cohort),
    month: monthKey(c.month),
    paying: num(c.paying),
    size: num(c.size),
  }));
  return { movements, cohorts };
}

/** The monthly figures alone (see revenueFigures). */
export async function monthlyMovements(query: RevenueQuery): Promise<MonthMovements[]> {
  return (await revenueFigures(query)).movements;
}

/** The cohort retention alone (see revenueFigures). */
export async function cohortRetention(query: RevenueQuery): Promise<CohortCell[]> {
  return (await revenueFigures(query)).cohorts;
}
