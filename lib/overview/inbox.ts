import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { DAY_MS, utcDay } from "@/lib/utc-day";
import { getWorkerStatus } from "@/lib/jobs/heartbeat";
import { getQueue, QUEUES, type QueueName } from "@/lib/jobs/queues";
import { withRedisDeadline } from "@/lib/redis";

export type InboxRole = "OWNER" | "REVIEWER";

/** Trials ending within this many days need a nudge or a conversion call. */
export const TRIALS_ENDING_DAYS = 7;
/** Documents expiring within this many days need a renewal asked for. */
export const DOCUMENTS_EXPIRING_DAYS = 14;

/** One thing that needs a person: how many, and the filtered view that lists exactly those. */
export type InboxRow = { key: string; label: string; count: number; href: string };

export type Health = {
  worker: { alive: boolean; lastBeatAt: Date | null; secondsSinceBeat: number | null };
  redis: { answering: boolean };
};

type DatabaseCounts = {
  reviewEscalated: number;
  reviewOverdue: number;
  reviewWaiting: number;
  reviewWaitingOverdue: number;
  anomaliesCritical: number;
  anomaliesHigh: number;
  trialsEnding: number;
  paymentsInDunning: number;
  tenantsPastDue: number;
  documentsExpiring: number;
  documentsExpiredRequired: number;
  apiKeysFlagged: number;
  bansToday: number;
};

/**
 * Every database count of the inbox in one statement: each is a count over a range of an existing
 * index (review_items (status, …), anomalies (status, severity, …), trials (status, ends_at),
 * payments (status, …), tenants (status, id), tenant_documents (status, expires_on),
 * ip_bans (started_at)), so it stays fast whatever the number of tenants.
 */
async function databaseCounts(now: Date): Promise<DatabaseCounts> {
  const today = utcDay(now);
  const trialsUntil = new Date(now.getTime() + TRIALS_ENDING_DAYS * DAY_MS);
  const documentsUntil = new Date(today.getTime() + DOCUMENTS_EXPIRING_DAYS * DAY_MS);
  const { API_KEY_UNUSED_DAYS, API_KEY_MAX_AGE_DAYS } = env();
  const unusedSince = new Date(now.getTime() - API_KEY_UNUSED_DAYS * DAY_MS);
  const createdBefore = new Date(now.getTime() - API_KEY_MAX_AGE_DAYS * DAY_MS);
  const [row] = await db.$queryRaw<DatabaseCounts[]>`
    SELECT
      (SELECT count(*) FROM review_items WHERE status = 'escalated')::int AS "reviewEscalated",
      (SELECT count(*) FROM review_items
        WHERE status IN ('in_review', 'escalated') AND due_at < ${now}::timestamp)::int AS "reviewOverdue",
      (SELECT count(*) FROM review_items WHERE status = 'in_review')::int AS "reviewWaiting",
      (SELECT count(*) FROM review_items
        WHERE status = 'in_review' AND due_at < ${now}::timestamp)::int AS "reviewWaitingOverdue",
      (SELECT count(*) FROM anomalies
        WHERE status IN ('active', 'acknowledged') AND severity = 'critical')::int AS "anomaliesCritical",
      (SELECT count(*) FROM anomalies
        WHERE status IN ('active', 'acknowledged') AND severity = 'high')::int AS "anomaliesHigh",
      (SELECT count(*) FROM trials WHERE status = 'active'
        AND ends_at >= ${now}::timestamp AND ends_at <= ${trialsUntil}::timestamp)::int AS "trialsEnding",
      (SELECT count(*) FROM payments WHERE status = 'retrying')::int AS "paymentsInDunning",
      (SELECT count(*) FROM tenants WHERE status = 'past_due')::int AS "tenantsPastDue",
      (SELECT count(*) FROM tenant_documents WHERE status = 'active'
        AND expires_on >= ${today}::date AND expires_on <= ${documentsUntil}::date)::int AS "documentsExpiring",
      (SELECT count(*) FROM tenant_documents WHERE status IN ('active', 'expired')
        AND expires_on < ${today}::date AND required)::int AS "documentsExpiredRequired",
      (SELECT count(*) FROM api_keys WHERE revoked_at IS NULL
        AND (coalesce(last_used_at, created_at) <= ${unusedSince}::timestamp
             OR created_at <= ${createdBefore}::timestamp))::int AS "apiKeysFlagged",
      (SELECT count(*) FROM ip_bans WHERE started_at >= ${today}::timestamp)::int AS "bansToday"`;
  return row;
}

/** Failed jobs over every queue, or null when Redis does not answer within its deadline. */
async function failedJobs(): Promise<number | null> {
  try {
    const counts = await withRedisDeadline(
      Promise.all((Object.keys(QUEUES) as QueueName[]).map((name) => getQueue(name).getFailedCount())),
    );
    return counts.reduce((sum, n) => sum + n, 0);
  } catch {
    return null;
  }
}

/**
 * What needs a person right now, for the viewer's role: only rows with something in them, each
 * linking to the view that lists exactly those items. A reviewer sees the review items a reviewer
 * decides (in review; escalated ones are for owners); an owner sees everything, health included.
 */
export async function getInbox(role: InboxRole, now = new Date()) {
  const [counts, failed, worker] = await Promise.all([
    databaseCounts(now),
    role === "OWNER" ? failedJobs() : Promise.resolve(0),
    getWorkerStatus(now),
  ]);
  const health: Health = {
    worker: {
      alive: worker.alive,
      lastBeatAt: worker.lastBeatAt,
      // Computed here rather than while rendering, so the server's and the browser's HTML agree.
      secondsSinceBeat: worker.lastBeatAt
        ? Math.max(0, Math.round((now.getTime() - worker.lastBeatAt.getTime()) / 1000))
        : null,
    },
    redis: { answering: failed !== null },
  };
  const candidates: InboxRow[] =
    role === "REVIEWER"
      ? [
          {
            key: "review-waiting",
            label: "Review items waiting for a reviewer",
            count: counts.reviewWaiting,
            href: "/review?status=in_review",
          },
          {
            key: "review-waiting-overdue",
            label: "Review items past their SLA",
            count: counts.reviewWaitingOverdue,
            href: "/review?status=in_review&overdue=true",
          },
        ]
      : [
          {
            key: "review-escalated",
            label: "Review items escalated to an owner",
            count: counts.reviewEscalated,
            href: "/review?status=escalated",
          },
          {
            key: "review-overdue",
            label: "Review items past their SLA",
            count: counts.reviewOverdue,
            href: "/review?overdue=true",
          },
          {
            key: "anomalies-critical",
            label: "Open critical anomalies",
            count: counts.anomaliesCritical,
            href: "/anomalies?severity=critical",
          },
          {
            key: "anomalies-high",
            label: "Open high anomalies",
            count: counts.anomaliesHigh,
            href: "/anomalies?severity=high",
          },
          {
            key: "trials-ending",
            label: `Trials ending within ${TRIALS_ENDING_DAYS} days`,
            count: counts.trialsEnding,
            href: `/billing?status=active&endingWithinDays=${TRIALS_ENDING_DAYS}`,
          },
          {
            key: "payments-dunning",
            label: "Payments in dunning",
            count: counts.paymentsInDunning,
            href: "/billing/payments",
          },
          {
            key: "tenants-past-due",
            label: "Tenants past due",
            count: counts.tenantsPastDue,
            href: "/tenants?status=past_due",
          },
          {
            key: "documents-expiring",
            label: `Documents expiring within ${DOCUMENTS_EXPIRING_DAYS} days`,
            count: counts.documentsExpiring,
            href: `/documents?view=expiring&withinDays=${DOCUMENTS_EXPIRING_DAYS}`,
          },
          {
            key: "documents-expired-required",
            label: "Required documents expired",
            count: counts.documentsExpiredRequired,
            href: "/documents?view=expired&required=true",
          },
          { key: "jobs-failed", label: "Failed jobs", count: failed ?? 0, href: "/jobs/list?state=failed" },
          {
            key: "api-keys-flagged",
            label: "API keys due for rotation or unused",
            count: counts.apiKeysFlagged,
            href: "/settings/api-keys",
          },
          { key: "bans-today", label: "IPs banned today", count: counts.bansToday, href: "/rate-limits" },
        ];
  return { rows: candidates.filter((row) => row.count > 0), health };
}

export type Inbox = Awaited<ReturnType<typeof getInbox>>;
