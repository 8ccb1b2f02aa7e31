import { db } from "@/lib/db";
import type { ReviewItemKind } from "@/lib/generated/prisma/enums";

/** The agreement trend and tables cover this many weeks (Monday to Sunday, UTC), the current one included. */
export const ANALYTICS_WEEKS = 12;
const DAY = 86_400_000;

/** Agreed (approved as recommended), modified (another action) and rejected human decisions. */
export type Agreement = { approved: number; modified: number; rejected: number; total: number };

export type KindAgreement = Agreement & { kind: ReviewItemKind };
export type PolicyAgreement = Agreement & {
  kind: ReviewItemKind;
  policyFile: string | null;
  policyHash: string | null;
  firstDecidedAt: Date;
  lastDecidedAt: Date;
};
export type WeekOfDecisions = {
  week: string;
  approved: number;
  modified: number;
  rejected: number;
  autoExecuted: number;
};
export type AutoExecutions = { kind: ReviewItemKind; executed: number; reversed: number; failed: number };
export type ReviewerThroughput = {
  actorId: string;
  reviewer: string;
  last7Days: number;
  last30Days: number;
  medianSeconds30Days: number | null;
};
export type QueueAgeBucket = { bucket: string; items: number; overdue: number };

/** Age buckets of open items, youngest first; the SQL below assigns the same labels. */
export const QUEUE_AGE_BUCKETS = [
  "under 1 hour",
  "1–4 hours",
  "4–24 hours",
  "1–3 days",
  "over 3 days",
] as const;

/** Monday 00:00 UTC of the first charted week. */
function windowStart(now: Date): Date {
  const day = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
  const sinceMonday = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - (sinceMonday + 7 * (ANALYTICS_WEEKS - 1)) * DAY);
}

/** How people decided on each kind's recommendations in the window. */
function agreementByKind(since: Date, now: Date): Promise<KindAgreement[]> {
  return db.$queryRaw<KindAgreement[]>`
    SELECT kind::text AS kind,
           count(*) FILTER (WHERE verdict = 'approved')::int AS approved,
           count(*) FILTER (WHERE verdict = 'modified')::int AS modified,
           count(*) FILTER (WHERE verdict = 'rejected')::int AS rejected,
           count(*)::int AS total
    FROM review_decisions
    WHERE verdict <> 'auto_executed' AND decided_at >= ${since}::timestamp AND decided_at <= ${now}::timestamp
    GROUP BY kind ORDER BY count(*) DESC, kind`;
}

/** The same per policy version (file and hash), so a policy edit shows whether people agree more. */
function agreementByPolicy(since: Date, now: Date): Promise<PolicyAgreement[]> {
  return db.$queryRaw<PolicyAgreement[]>`
    SELECT kind::text AS kind, policy_file AS "policyFile", policy_hash AS "policyHash",
           count(*) FILTER (WHERE verdict = 'approved')::int AS approved,
           count(*) FILTER (WHERE verdict = 'modified')::int AS modified,
           count(*) FILTER (WHERE verdict = 'rejected')::int AS rejected,
           count(*)::int AS total,
           min(decided_at) AS "firstDecidedAt", max(decided_at) AS "lastDecidedAt"
    FROM review_decisions
    WHERE verdict <> 'auto_executed' AND decided_at >= ${since}::timestamp AND decided_at <= ${now}::timestamp
    GROUP BY kind, policy_file, policy_hash ORDER BY kind, max(decided_at) DESC`;
}

/** Decisions per week by verdict, every week of the window present (zeros included). */
function weeklyDecisions(since: Date, now: Date): Promise<WeekOfDecisions[]> {
  return db.$queryRaw<WeekOfDecisions[]>`
    WITH weeks AS (
      SELECT generate_series(${since}::timestamp, date_trunc('week', ${now}::timestamp), interval '1 week') AS week
    ), decided AS (
      SELECT date_trunc('week', decided_at) AS week,
             count(*) FILTER (WHERE verdict = 'approved') AS approved,
             count(*) FILTER (WHERE verdict = 'modified') AS modified,
             count(*) FILTER (WHERE verdict = 'rejected') AS rejected,
             count(*) FILTER (WHERE verdict = 'auto_executed') AS auto_executed
      FROM review_decisions WHERE decided_at >= ${since}::timestamp AND decided_at <= ${now}::timestamp GROUP BY 1
    )
    SELECT to_char(w.week, 'YYYY-MM-DD') AS week, coalesce(d.approved, 0)::int AS approved, coalesce(d.modified, 0)::int AS modified,
           coalesce(d.rejected, 0)::int AS rejected, coalesce(d.auto_executed, 0)::int AS "autoExecuted"
    FROM weeks w LEFT JOIN decided d USING (week) ORDER BY w.week`;
}

/** Automatic executions per kind in the window: how many an owner reopened later, how many failed to execute. */
function autoExecutions(since: Date, now: Date): Promise<AutoExecutions[]> {
  return db.$queryRaw<AutoExecutions[]>`
    SELECT kind::text AS kind, count(*)::int AS executed,
           count(*) FILTER (WHERE reversed_at IS NOT NULL)::int AS reversed,
           count(*) FILTER (WHERE execution_status = 'failed')::int AS failed
    FROM review_decisions
    WHERE verdict = 'auto_executed' AND decided_at >= ${since}::timestamp AND decided_at <= ${now}::timestamp
    GROUP BY kind ORDER BY count(*) DESC, kind`;
}

/**
 * Decisions per person in the last 7 and 30 days, and the median time from an item's creation to
 * their decision over 30 days.
 */
function reviewerThroughput(now: Date): Promise<ReviewerThroughput[]> {
  const since7 = new Date(now.getTime() - 7 * DAY);
  const since30 = new Date(now.getTime() - 30 * DAY);
  return db.$queryRaw<ReviewerThroughput[]>`
    SELECT d.actor_id AS "actorId", coalesce(u.email, max(d.actor_label)) AS reviewer,
           count(*) FILTER (WHERE d.decided_at >= ${since7}::timestamp)::int AS "last7Days",
           count(*)::int AS "last30Days",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY d.seconds_to_decision)::float8 AS "medianSeconds30Days"
    FROM review_decisions d LEFT JOIN users u ON u.id = d.actor_id
    WHERE d.actor_id IS NOT NULL AND d.verdict <> 'auto_executed' AND d.decided_at >= ${since30}::timestamp AND d.decided_at <= ${now}::timestamp
    GROUP BY d.actor_id, u.email ORDER BY count(*) DESC, reviewer`;
}

export type DecisionSpeed = {
  decisions7Days: number;
  decisions30Days: number;
  medianSeconds7Days: number | null;
  medianSeconds30Days: number | null;
};

/** Everyone's human decisions together: how many, and the median time to decision over 7 and 30 days. */
async function decisionSpeed(now: Date): Promise<DecisionSpeed> {
  const since7 = new Date(now.getTime() - 7 * DAY);
  const since30 = new Date(now.getTime() - 30 * DAY);
  const [row] = await db.$queryRaw<DecisionSpeed[]>`
    SELECT count(*) FILTER (WHERE decided_at >= ${since7}::timestamp)::int AS "decisions7Days",
           count(*)::int AS "decisions30Days",
           (percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds_to_decision) FILTER (WHERE decided_at >= ${since7}::timestamp))::float8 AS "medianSeconds7Days",
           (percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds_to_decision))::float8 AS "medianSeconds30Days"
    FROM review_decisions
    WHERE actor_id IS NOT NULL AND verdict <> 'auto_executed' AND decided_at >= ${since30}::timestamp AND decided_at <= ${now}::timestamp`;
  return row;
}

export type QueueAge = {
  open: number;
  overdue: number;
  withinSla: number;
  oldestCreatedAt: Date | null;
  buckets: QueueAgeBucket[];
};

/** Open items (waiting for the engine or a person) by age, the oldest, and how many are past their SLA. */
async function queueAge(now: Date): Promise<QueueAge> {
  const rows = await db.$queryRaw<{ bucket: string; items: number; overdue: number; oldest: Date }[]>`
    SELECT CASE
             WHEN created_at > ${now}::timestamp - interval '1 hour' THEN ${QUEUE_AGE_BUCKETS[0]}::text
             WHEN created_at > ${now}::timestamp - interval '4 hours' THEN ${QUEUE_AGE_BUCKETS[1]}::text
             WHEN created_at > ${now}::timestamp - interval '24 hours' THEN ${QUEUE_AGE_BUCKETS[2]}::text
             WHEN created_at > ${now}::timestamp - interval '3 days' THEN ${QUEUE_AGE_BUCKETS[3]}::text
             ELSE ${QUEUE_AGE_BUCKETS[4]}::text
           END AS bucket,
           count(*)::int AS items,
           count(*) FILTER (WHERE due_at < ${now}::timestamp)::int AS overdue,
           min(created_at) AS oldest
    FROM review_items WHERE status IN ('pending', 'in_review', 'escalated')
    GROUP BY 1`;
  const byBucket = new Map(rows.map((r) => [r.bucket, r]));
  const buckets = QUEUE_AGE_BUCKETS.map((bucket) => ({
    bucket,
    items: byBucket.get(bucket)?.items ?? 0,
    overdue: byBucket.get(bucket)?.overdue ?? 0,
  }));
  const open = buckets.reduce((sum, b) => sum + b.items, 0);
  const overdue = buckets.reduce((sum, b) => sum + b.overdue, 0);
  const oldest = rows.reduce<Date | null>(
    (min, r) => (min === null || r.oldest < min ? r.oldest : min),
    null,
  );
  return { open, overdue, withinSla: open - overdue, oldestCreatedAt: oldest, buckets };
}

/**
 * Everything the analytics page shows, each computed by one aggregate query: agreement of people
 * with the engine per kind, per policy version and per week; automatic executions later reversed;
 * throughput and time to decision per person; the age of the open queue. Human decisions count
 * every decision a person made, including ones an owner later reopened.
 */
export async function reviewAnalytics(now: Date) {
  const since = windowStart(now);
  const [byKind, byPolicy, weeks, auto, reviewers, speed, age] = await Promise.all([
    agreementByKind(since, now),
    agreementByPolicy(since, now),
    weeklyDecisions(since, now),
    autoExecutions(since, now),
    reviewerThroughput(now),
    decisionSpeed(now),
    queueAge(now),
  ]);
  return { since, byKind, byPolicy, weeks, auto, reviewers, speed, age };
}

export type ReviewAnalytics = Awaited<ReturnType<typeof reviewAnalytics>>;
