import { db } from "@/lib/db";
import { systemActor } from "@/lib/auth/actor";
import { recordAudits } from "@/lib/audit/record-audit";
import { DECIDED_STATUSES, OPEN_STATUSES } from "@/lib/review/statuses";
import { raiseReviewItems, requestDecisions, type NewReviewItem } from "./raise-items";
import type { Factor } from "@/lib/review/recommendation";
import { getReviewSettings, type ReviewSettings } from "./settings";

const DAY = 86_400_000;
const BATCH = 2_000;

/** What the recommender measures of one running tenant. */
export type TenantSignals = {
  tenantId: string;
  name: string;
  status: string;
  lastActivityAt: Date;
  unpaidPayments: number;
  activeBans: number;
  violations7d: number;
  criticalAnomalies: number;
};

/** 0–1 of a factor's weight, rounded to whole points. */
const points = (weight: number, share: number) => Math.round(weight * Math.min(1, Math.max(0, share)));

/** The explained factors of a tenant's score; each adds at most its weight. */
export function scoreTenant(
  signals: TenantSignals,
  settings: ReviewSettings["suspension"],
  now: Date,
): { score: number; factors: Factor[] } {
  const { weights, inactiveFromDays: from, inactiveFullDays: full } = settings;
  const idle = Math.floor((now.getTime() - signals.lastActivityAt.getTime()) / DAY);
  const pastDue = signals.status === "past_due";
  const unpaidUnits = signals.unpaidPayments + (pastDue && signals.unpaidPayments === 0 ? 1 : 0);
  const factors: Factor[] = [
    {
      key: "inactivity",
      label: "Inactivity",
      weight: weights.inactivity,
      points: points(weights.inactivity, (idle - from) / (full - from)),
      explanation: `No activity for ${idle} days (counts from ${from}, fully at ${full})`,
    },
    {
      key: "unpaid",
      label: "Unpaid payments",
      weight: weights.unpaid,
      points: points(weights.unpaid, unpaidUnits / 2),
      explanation: `${signals.unpaidPayments} payment(s) failed or being retried${pastDue ? ", tenant past due" : ""} (fully at 2)`,
    },
    {
      key: "rateLimitAbuse",
      label: "Rate-limit abuse",
      weight: weights.rateLimitAbuse,
      points: points(weights.rateLimitAbuse, signals.activeBans / 3 + signals.violations7d / 100),
      explanation: `${signals.activeBans} active IP ban(s), ${signals.violations7d} violation(s) in 7 days (fully at 3 bans or 100 violations)`,
    },
    {
      key: "criticalAnomalies",
      label: "Critical anomalies",
      weight: weights.criticalAnomalies,
      points: points(weights.criticalAnomalies, signals.criticalAnomalies / 2),
      explanation: `${signals.criticalAnomalies} open critical anomaly(ies) (fully at 2)`,
    },
  ];
  return {
    score: Math.min(
      100,
      factors.reduce((sum, f) => sum + f.points, 0),
    ),
    factors,
  };
}

/**
 * Signals of running tenants after `afterId`, a batch at a time. Activity is the latest of: rate-limited
 * traffic, a metric the platform reported, a payment, or the tenant's creation.
 */
async function signalsAfter(afterId: string, now: Date): Promise<TenantSignals[]> {
  return db.$queryRaw<TenantSignals[]>`
    SELECT t.id AS "tenantId", t.name, t.status::text AS status,
      GREATEST(t.created_at, traffic.last, reported.last, paid.last) AS "lastActivityAt",
      (SELECT count(*)::int FROM payments p WHERE p.tenant_id = t.id
         AND (p.status = 'retrying' OR (p.status = 'failed' AND p.settled_at > ${new Date(now.getTime() - 90 * DAY)}))) AS "unpaidPayments",
      (SELECT count(*)::int FROM ip_bans b WHERE b.tenant_id = t.id AND b.lifted_at IS NULL
         AND (b.expires_at IS NULL OR b.expires_at > ${now})) AS "activeBans",
      (SELECT coalesce(sum(v.count), 0)::int FROM rate_limit_violations v WHERE v.tenant_id = t.id AND NOT v.shadow
         AND v.minute > ${new Date(now.getTime() - 7 * DAY)}) AS "violations7d",
      (SELECT count(*)::int FROM anomalies a WHERE a.tenant_id = t.id AND a.severity = 'critical'
         AND a.status IN ('active', 'acknowledged')) AS "criticalAnomalies"
    FROM tenants t
    LEFT JOIN LATERAL (SELECT max(h.hour) AS last FROM rate_limit_hours h WHERE h.tenant_id = t.id AND h.allowed + h.denied > 0) traffic ON true
    LEFT JOIN LATERAL (
      SELECT max(p.bucket) AS last FROM metric_series s JOIN metric_definitions d ON d.id = s.metric_id AND d.source = 'api'
      JOIN LATERAL (SELECT max(bucket) AS bucket FROM metric_points WHERE series_id = s.id) p ON true
      WHERE s.tenant_id = t.id
    ) reported ON true
    LEFT JOIN LATERAL (SELECT max(created_at) AS last FROM payments p WHERE p.tenant_id = t.id) paid ON true
    WHERE t.status IN ('trialing', 'active', 'past_due') AND t.id > ${afterId}
    ORDER BY t.id
    LIMIT ${BATCH}`;
}

/** "Acme: suspension score 60 (unpaid payments, rate-limit abuse)": what the queue shows. */
export function suspensionSummary(tenantName: string, score: number, factors: Factor[]): string {
  return `${tenantName}: suspension score ${score} (${factors
    .filter((f) => f.points > 0)
    .map((f) => f.label.toLowerCase())
    .join(", ")})`;
}

/** Tenants that already have a suspension item being decided, or one decided lately (whatever the verdict). */
async function quietTenants(
  tenantIds: string[],
  settings: ReviewSettings["suspension"],
  now: Date,
): Promise<Set<string>> {
  const rows = await db.reviewItem.findMany({
    where: {
      kind: "suspension",
      tenantId: { in: tenantIds },
      OR: [
        { status: { in: OPEN_STATUSES } },
        {
          status: { in: DECIDED_STATUSES },
          updatedAt: { gt: new Date(now.getTime() - settings.quietDaysAfterDecision * DAY) },
        },
      ],
    },
    select: { tenantId: true },
  });
  return new Set(rows.map((r) => r.tenantId));
}

export type RecommendSummary = { scored: number; recommended: number };

/**
 * Scores every running tenant and raises a suspension item for each at or above the threshold
 * (one per tenant per day; none while one is open or shortly after one was decided). The decision
 * engine then decides and routes them.
 */
export async function recommendSuspensions(
  now = new Date(),
  onProgress?: (percent: number) => Promise<void>,
): Promise<RecommendSummary> {
  const settings = await getReviewSettings();
  const total = await db.tenant.count({ where: { status: { in: ["trialing", "active", "past_due"] } } });
  const summary: RecommendSummary = { scored: 0, recommended: 0 };
  const day = now.toISOString().slice(0, 10);
  for (
    let batch = await signalsAfter("", now);
    batch.length > 0;
    batch = await signalsAfter(batch[batch.length - 1].tenantId, now)
  ) {
    const scored = batch.map((signals) => ({ signals, ...scoreTenant(signals, settings.suspension, now) }));
    const candidates = scored.filter((s) => s.score >= settings.suspension.threshold);
    const quiet = await quietTenants(
      candidates.map((c) => c.signals.tenantId),
      settings.suspension,
      now,
    );
    const items: NewReviewItem[] = candidates
      .filter((c) => !quiet.has(c.signals.tenantId))
      .map(({ signals, score, factors }) => ({
        kind: "suspension",
        tenantId: signals.tenantId,
        source: "recommender.suspension",
        summary: suspensionSummary(signals.name, score, factors),
        evidence: {
          daysInactive: Math.floor((now.getTime() - signals.lastActivityAt.getTime()) / DAY),
          lastActivityAt: signals.lastActivityAt.toISOString(),
          unpaidPayments: signals.unpaidPayments,
          pastDue: signals.status === "past_due",
          activeBans: signals.activeBans,
          violations7d: signals.violations7d,
          criticalAnomalies: signals.criticalAnomalies,
        },
        dedupeKey: `suspension:${signals.tenantId}:${day}`,
        score,
        factors,
      }));
    const created = await db.$transaction(async (tx) => {
      const ids = await raiseReviewItems(tx, items, settings, now);
      await recordAudits(
        tx,
        systemActor("suspension-recommender"),
        ids.map((id) => ({
          action: "review_item.raised",
          entityType: "review_item",
          entityId: id,
          after: { kind: "suspension" },
        })),
      );
      return ids;
    });
    summary.scored += batch.length;
    summary.recommended += created.length;
    await onProgress?.(Math.min(99, Math.round((summary.scored / Math.max(total, 1)) * 100)));
  }
  if (summary.recommended > 0) await requestDecisions();
  await onProgress?.(100);
  return summary;
}
