import { revenueFigures, type CohortCell, type MonthMovements } from "./queries";
import type { RevenueFilters } from "./schemas";

/** A month's figures in one currency, with the ratios derived from its movements. */
export type RevenueMonth = MonthMovements & {
  startMrr: number;
  startCustomers: number;
  arr: number;
  /** Net revenue retention: (start + expansion + contraction + churn) / start; null without a start. */
  nrr: number | null;
  /** Gross revenue retention: (start + contraction + churn) / start. */
  grr: number | null;
  /** Customers lost / customers at the start. */
  logoChurn: number | null;
  /** MRR per paying customer (average revenue per account). */
  arpa: number | null;
  /** Trials that became paying / trials that ended. */
  trialConversion: number | null;
};

export type RevenueReport = {
  currencies: string[];
  /** Months oldest first, per currency. */
  months: Record<string, RevenueMonth[]>;
  cohorts: CohortCell[];
};

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : null);

/** The months that end at the current one, `count` of them: [first day of the first, first day after the last). */
export function reportWindow(count: number, now = new Date()): { from: Date; to: Date } {
  return {
    from: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - count + 1, 1)),
    to: new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1)),
  };
}

/** Everything the Revenue page shows, for its filters. */
export async function getRevenueReport(filters: RevenueFilters, now = new Date()): Promise<RevenueReport> {
  const query = { ...reportWindow(filters.months, now), plan: filters.plan ?? null };
  const { movements, cohorts } = await revenueFigures(query);
  const months: Record<string, RevenueMonth[]> = {};
  for (const m of movements) (months[m.currency] ??= []).push(withRatios(m));
  const currencies = Object.keys(months).sort(
    (a, b) => (months[b].at(-1)?.mrr ?? 0) - (months[a].at(-1)?.mrr ?? 0),
  );
  return { currencies, months, cohorts };
}

function withRatios(m: MonthMovements): RevenueMonth {
  const net = m.newMrr + m.expansion + m.contraction + m.churned + m.reactivation;
  const startMrr = m.mrr - net;
  const startCustomers = m.customers - m.newCustomers - m.reactivatedCustomers + m.churnedCustomers;
  return {
    ...m,
    startMrr,
    startCustomers,
    arr: m.mrr * 12,
    nrr: ratio(startMrr + m.expansion + m.contraction + m.churned, startMrr),
    grr: ratio(startMrr + m.contraction + m.churned, startMrr),
    logoChurn: ratio(m.churnedCustomers, startCustomers),
    arpa: m.customers > 0 ? Math.round(m.mrr / m.customers) : null,
    trialConversion: ratio(m.trialsConverted, m.trialsEnded),
  };
}

const CSV_COLUMNS = [
  "month",
  "currency",
  "mrr",
  "arr",
  "customers",
  "new",
  "expansion",
  "contraction",
  "churned",
  "reactivation",
  "net_new_mrr",
  "nrr",
  "grr",
  "logo_churn",
  "arpa",
  "trial_conversion",
] as const;

/** The report's months as CSV, amounts in major units, one row per month and currency. */
export function revenueCsv(report: RevenueReport): string {
  const money = (minor: number | null) => (minor === null ? "" : (minor / 100).toFixed(2));
  const pct = (r: number | null) => (r === null ? "" : r.toFixed(4));
  const rows = report.currencies.flatMap((currency) =>
    report.months[currency].map((m) =>
      [
        m.month,
        currency,
        money(m.mrr),
        money(m.arr),
        m.customers,
        money(m.newMrr),
        money(m.expansion),
        money(m.contraction),
        money(m.churned),
        money(m.reactivation),
        money(m.newMrr + m.expansion + m.contraction + m.churned + m.reactivation),
        pct(m.nrr),
        pct(m.grr),
        pct(m.logoChurn),
        money(m.arpa),
        pct(m.trialConversion),
      ].join(","),
    ),
  );
  return [CSV_COLUMNS.join(","), ...rows].join("\n") + "\n";
}
