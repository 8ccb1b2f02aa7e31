import { db, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { ListTrialsInput } from "./schemas";
import { nameOrSlugContains } from "@/lib/tenants/name-or-slug";

const DAY = 86_400_000;
const TRIALS_PAGE_SIZE = 50;
const WEEKS_CHARTED = 26;
const FUNNEL_DAYS = 180;

// Columns are `timestamp` without time zone holding UTC, and the adapter sends dates as UTC text:
// every bound below is cast with `::timestamp` so the session time zone never shifts it.

/** A conversion rate over a window: the share converted of the trials decided in it (null when none were). */
export type ConversionRate = { converted: number; decided: number; rate: number | null };

export type TrialCards = {
  activeTrials: number;
  /** Active trials whose end falls within the next 7 days. */
  endingSoon: number;
  conversion30: ConversionRate;
  conversion90: ConversionRate;
  /** Median days from start to conversion of the trials converted in the last 90 days. */
  medianDaysToConvert: number | null;
  /** Failed payments recovered this calendar month (UTC), by a retry or by the customer after the dunning email; one sum per currency. */
  recoveredThisMonth: { currency: string; amountMinor: number }[];
  paymentsInRecovery: number;
};

/** The figures on top of the trials page, each one aggregate in SQL. */
export async function trialCards(now: Date): Promise<TrialCards> {
  const from30 = new Date(now.getTime() - 30 * DAY);
  const from90 = new Date(now.getTime() - 90 * DAY);
  const monthStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const [[active], [decided], recovered, paymentsInRecovery] = await Promise.all([
    db.$queryRaw<{ active: number; ending_soon: number }[]>`
      SELECT count(*)::int AS active,
             count(*) FILTER (WHERE ends_at >= ${now}::timestamp AND ends_at <= ${new Date(now.getTime() + 7 * DAY)}::timestamp)::int AS ending_soon
      FROM trials WHERE status = 'active'`,
    // A trial that expired and was converted later keeps its ended_at: the status decides which one counts.
    db.$queryRaw<
      {
        converted_30: number;
        lost_30: number;
        converted_90: number;
        lost_90: number;
        median_days: number | null;
      }[]
    >`
      SELECT count(*) FILTER (WHERE status = 'converted' AND converted_at > ${from30}::timestamp)::int AS converted_30,
             count(*) FILTER (WHERE status IN ('expired', 'cancelled') AND ended_at > ${from30}::timestamp)::int AS lost_30,
             count(*) FILTER (WHERE status = 'converted')::int AS converted_90,
             count(*) FILTER (WHERE status IN ('expired', 'cancelled'))::int AS lost_90,
             percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM converted_at - started_at) / 86400) FILTER (WHERE status = 'converted') AS median_days
      FROM trials
      WHERE (status = 'converted' AND converted_at > ${from90}::timestamp AND converted_at <= ${now}::timestamp)
         OR (status IN ('expired', 'cancelled') AND ended_at > ${from90}::timestamp AND ended_at <= ${now}::timestamp)`,
    db.$queryRaw<{ currency: string; amount_minor: bigint }[]>`
      SELECT currency, sum(amount_minor)::bigint AS amount_minor
      FROM payments
      WHERE status = 'recovered' AND settled_at >= ${monthStart}::timestamp AND settled_at < ${nextMonth}::timestamp
      GROUP BY currency ORDER BY currency`,
    db.payment.count({ where: { status: "retrying" } }),
  ]);
  const rate = (converted: number, lost: number): ConversionRate => ({
    converted,
    decided: converted + lost,
    rate: converted + lost ? converted / (converted + lost) : null,
  });
  return {
    activeTrials: active.active,
    endingSoon: active.ending_soon,
    conversion30: rate(decided.converted_30, decided.lost_30),
    conversion90: rate(decided.converted_90, decided.lost_90),
    medianDaysToConvert: decided.median_days,
    recoveredThisMonth: recovered.map((r) => ({ currency: r.currency, amountMinor: Number(r.amount_minor) })),
    paymentsInRecovery,
  };
}

export type WeekOfTrials = { week: string; started: number; converted: number };

/** Trials started and trials converted per ISO week (Monday, "YYYY-MM-DD") over the last 26 weeks, empty weeks included. */
export function weeklyStartsAndConversions(now: Date): Promise<WeekOfTrials[]> {
  return db.$queryRaw<WeekOfTrials[]>`
    WITH weeks AS (
      SELECT generate_series(date_trunc('week', ${now}::timestamp) - make_interval(weeks => ${WEEKS_CHARTED - 1}), date_trunc('week', ${now}::timestamp), interval '1 week') AS week
    ), started AS (
      SELECT date_trunc('week', started_at) AS week, count(*) AS n FROM trials
      WHERE started_at >= (SELECT min(week) FROM weeks) AND started_at <= ${now}::timestamp GROUP BY 1
    ), converted AS (
      SELECT date_trunc('week', converted_at) AS week, count(*) AS n FROM trials
      WHERE converted_at >= (SELECT min(week) FROM weeks) AND converted_at <= ${now}::timestamp GROUP BY 1
    )
    SELECT to_char(w.week, 'YYYY-MM-DD') AS week, coalesce(s.n, 0)::int AS started, coalesce(c.n, 0)::int AS converted
    FROM weeks w LEFT JOIN started s USING (week) LEFT JOIN converted c USING (week)
    ORDER BY w.week`;
}

export type FunnelStep = { step: string; trials: number };

/**
 * What became of the trials started in the last 180 days: each step counted on its own (a trial
 * converted by hand may never have had a reminder), "still paying" meaning converted with the
 * tenant active today.
 */
export async function conversionFunnel(now: Date): Promise<FunnelStep[]> {
  const from = new Date(now.getTime() - FUNNEL_DAYS * DAY);
  const [row] = await db.$queryRaw<
    { started: number; reminded: number; converted: number; paying: number }[]
  >`
    WITH reminded AS (
      SELECT DISTINCT trial_id FROM billing_activities
      WHERE kind = 'trial_reminder_sent' AND created_at >= ${from}::timestamp AND trial_id IS NOT NULL
    )
    SELECT count(*)::int AS started,
           count(r.trial_id)::int AS reminded,
           count(*) FILTER (WHERE t.status = 'converted')::int AS converted,
           count(*) FILTER (WHERE t.status = 'converted' AND tn.status = 'active')::int AS paying
    FROM trials t
    JOIN tenants tn ON tn.id = t.tenant_id
    LEFT JOIN reminded r ON r.trial_id = t.id
    WHERE t.started_at >= ${from}::timestamp AND t.started_at <= ${now}::timestamp`;
  return [
    { step: "Started", trials: row.started },
    { step: "Got a reminder", trials: row.reminded },
    { step: "Converted", trials: row.converted },
    { step: "Still paying", trials: row.paying },
  ];
}

const tenantSummary = { select: { id: true, name: true, slug: true, status: true } } as const;

/** One page of trials (50): running ones first (the enum's order), soonest end first; with the total for paging. */
export async function listTrials(input: ListTrialsInput, now: Date) {
  const where: Prisma.TrialWhereInput = {
    ...(input.status ? { status: input.status } : {}),
    ...(input.plan ? { plan: input.plan } : {}),
    // "Ending" is about running trials, as on the card; a chosen status still applies.
    ...(input.endingWithinDays !== undefined
      ? {
          endsAt: { gte: now, lte: new Date(now.getTime() + input.endingWithinDays * DAY) },
          status: input.status ?? "active",
        }
      : {}),
    ...(input.q
      ? {
          tenant: nameOrSlugContains(input.q),
        }
      : {}),
  };
  const [rows, total] = await Promise.all([
    db.trial.findMany({
      where,
      orderBy: [{ status: "asc" }, { endsAt: "asc" }, { id: "asc" }],
      skip: (input.page - 1) * TRIALS_PAGE_SIZE,
      take: TRIALS_PAGE_SIZE,
      select: {
        id: true,
        plan: true,
        status: true,
        startedAt: true,
        endsAt: true,
        extendedDays: true,
        tenant: tenantSummary,
      },
    }),
    db.trial.count({ where }),
  ]);
  return { rows, total, page: input.page, pageCount: Math.max(1, Math.ceil(total / TRIALS_PAGE_SIZE)) };
}

export type TrialRow = Awaited<ReturnType<typeof listTrials>>["rows"][number];

const paymentColumns = {
  id: true,
  amountMinor: true,
  currency: true,
  status: true,
  attemptCount: true,
  failureCode: true,
  firstFailedAt: true,
  nextRetryAt: true,
  settledAt: true,
  createdAt: true,
} as const;

/**
 * A trial with its tenant, its timeline (its own entries, at most 200, and the tenant's payment
 * entries since it started, at most 100, newest first: a long-paying tenant's renewals do not push
 * out the trial's own story) and the tenant's latest payments. Throws NOT_FOUND.
 */
export async function trialDetail(id: string) {
  // Ids are cuids; anything else (a typo, a NUL byte Postgres would refuse) is simply not a trial.
  const trial = /^[A-Za-z0-9_-]{1,64}$/.test(id)
    ? await db.trial.findUnique({
        where: { id },
        include: {
          tenant: {
            select: {
              id: true,
              name: true,
              slug: true,
              status: true,
              timezone: true,
              billingSuspended: true,
            },
          },
        },
      })
    : null;
  if (!trial) throw new AppError("NOT_FOUND", "No trial with that id.");
  const timelineColumns = {
    id: true,
    kind: true,
    summary: true,
    actorLabel: true,
    details: true,
    createdAt: true,
  } as const;
  const newestFirst = [{ createdAt: "desc" as const }, { id: "desc" as const }];
  const [own, paymentEntries, payments] = await Promise.all([
    db.billingActivity.findMany({
      where: { trialId: id },
      orderBy: newestFirst,
      take: 200,
      select: timelineColumns,
    }),
    db.billingActivity.findMany({
      where: {
        tenantId: trial.tenantId,
        OR: [{ trialId: null }, { trialId: { not: id } }],
        paymentId: { not: null },
        createdAt: { gte: trial.startedAt },
      },
      orderBy: newestFirst,
      take: 100,
      select: timelineColumns,
    }),
    db.payment.findMany({
      where: { tenantId: trial.tenantId },
      orderBy: newestFirst,
      take: 100,
      select: paymentColumns,
    }),
  ]);
  const timeline = [...own, ...paymentEntries].sort(
    (a, b) => b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : -1),
  );
  return { trial, timeline, payments };
}

export type TrialDetail = Awaited<ReturnType<typeof trialDetail>>;
