import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import type { AnomalySeverity } from "@/lib/generated/prisma/enums";
import { logger } from "@/lib/logger";
import { systemActor } from "@/lib/auth/actor";
import { recordAudits } from "@/lib/audit/record-audit";
import { bucketMs, HOUR } from "./buckets";
import { refreshBaselines } from "./baselines";
import { deriveMetrics } from "./derive-metrics";
import { alertOwners } from "./alert-owners";
import { recordAnomalyEvents } from "./record-anomaly-events";
import { DETECTION_LOCK, scoreBuckets, type ScoredBucket } from "./score-buckets";
import { scoreAdaptiveBuckets } from "./score-adaptive";

/** Series per statement: their baselines (up to 720 points each) stay well inside work_mem. */
const BATCH = 1_000;

/** A run of anomalous buckets this close after an open anomaly continues it; a later one is a new incident. */
export const CONTINUES_WITHIN_BUCKETS = 3;
const detector = systemActor("anomaly-detection");

const SEVERITY_RANK: Record<AnomalySeverity, number> = { low: 0, medium: 1, high: 2, critical: 3 };

export type DetectionSummary = {
  derivedPoints: number;
  series: number;
  baselinesRefreshed: number;
  scored: number;
  anomalous: number;
  opened: number;
  updated: number;
  alerted: number;
  digest: boolean;
};

/** The bucket with the largest |z| of a run. */
function peakOf(rows: ScoredBucket[]): ScoredBucket {
  return rows.reduce((peak, row) => (Math.abs(row.z) > Math.abs(peak.z) ? row : peak));
}

/** The peak and the rule it was judged by, as stored on the anomaly so it explains itself later. */
function peakFields(peak: ScoredBucket) {
  return {
    peakBucket: peak.bucket,
    value: peak.value,
    z: peak.z,
    center: peak.center,
    spread: peak.spread,
    baselinePoints: peak.baselinePoints,
    threshold: peak.threshold,
    baselineDays: peak.baselineDays,
    seasonality: peak.seasonality,
    robust: peak.robust,
    detector: peak.detector,
    bandLow: peak.bandLow,
    bandHigh: peak.bandHigh,
  };
}

/**
 * Folds a batch's anomalous buckets into anomalies: a series whose open anomaly (active or
 * acknowledged) was still anomalous a few buckets before extends it — last seen, count, and peak
 * and severity when this is worse. An open anomaly that had ended before is closed by the system
 * (back to normal, audited) and the new run opens a new one, so a new incident is alerted again.
 */
async function recordAnomalies(
  tx: Tx,
  rows: ScoredBucket[],
  now: Date,
): Promise<{ opened: number; updated: number }> {
  const bySeries = new Map<number, ScoredBucket[]>();
  for (const row of rows) bySeries.set(row.seriesId, [...(bySeries.get(row.seriesId) ?? []), row]);
  if (bySeries.size === 0) return { opened: 0, updated: 0 };
  const open = await tx.$queryRaw<
    {
      id: string;
      series_id: number;
      status: string;
      severity: AnomalySeverity;
      z: number;
      last_bucket: Date;
    }[]
  >`
    SELECT id, series_id, status, severity, z, last_bucket FROM anomalies
    WHERE series_id = ANY(${[...bySeries.keys()]}::int[]) AND status IN ('active', 'acknowledged')
    ORDER BY series_id FOR UPDATE`;
  const openBySeries = new Map(open.map((a) => [a.series_id, a]));
  const created = [];
  const ended = [];
  for (const [seriesId, run] of bySeries) {
    const peak = peakOf(run);
    const first = run[0].bucket;
    const last = run[run.length - 1].bucket;
    const existing = openBySeries.get(seriesId);
    if (
      existing &&
      first.getTime() - existing.last_bucket.getTime() > CONTINUES_WITHIN_BUCKETS * bucketMs(peak.bucketSize)
    )
      ended.push(existing);
    else if (existing) {
      await tx.anomaly.update({
        where: { id: existing.id },
        data: {
          lastBucket: last > existing.last_bucket ? last : existing.last_bucket,
          anomalousBuckets: { increment: run.length },
          ...(Math.abs(peak.z) > Math.abs(existing.z) ? peakFields(peak) : {}),
          ...(SEVERITY_RANK[peak.severity] > SEVERITY_RANK[existing.severity]
            ? { severity: peak.severity }
            : {}),
        },
      });
      continue;
    }
    created.push({
      seriesId,
      tenantId: peak.tenantId,
      metricId: peak.metricId,
      severity: peak.severity,
      firstBucket: first,
      lastBucket: last,
      anomalousBuckets: run.length,
      ...peakFields(peak),
    });
  }
  if (ended.length) {
    const note = "Back to normal; closed by detection when a new anomaly began";
    await tx.anomaly.updateMany({
      where: { id: { in: ended.map((a) => a.id) } },
      data: { status: "resolved", note, closedAt: now },
    });
    await recordAnomalyEvents(
      tx,
      "anomaly.resolved",
      ended.map((a) => a.id),
    );
    await recordAudits(
      tx,
      detector,
      ended.map((a) => ({
        action: "anomaly.resolved",
        entityType: "anomaly",
        entityId: a.id,
        before: { status: a.status },
        after: { status: "resolved", note },
      })),
    );
  }
  if (created.length) {
    const opened = await tx.anomaly.createManyAndReturn({ data: created, select: { id: true } });
    await recordAnomalyEvents(
      tx,
      "anomaly.opened",
      opened.map((a) => a.id),
    );
  }
  return { opened: created.length, updated: bySeries.size - created.length };
}

/**
 * One detection pass: derives Steward's own metrics, then batch by batch (each one transaction)
 * refreshes the baselines due (about 1/96 of the series, see baselines.ts), scores every series'
 * new closed buckets against them (adaptive metrics against their own models, see
 * score-adaptive.ts), records anomalies and marks the buckets scored; then alerts owners about new
 * critical anomalies. Points stay in PostgreSQL; only scored buckets reach the process.
 */
export async function detectAnomalies(
  now: Date,
  onProgress?: (percent: number) => Promise<unknown> | void,
): Promise<DetectionSummary> {
  const derivedPoints = await deriveMetrics(now);
  const lookbackFrom = new Date(now.getTime() - env().ANOMALY_LOOKBACK_HOURS * HOUR);
  const { _max, _count } = await db.metricSeries.aggregate({ _max: { id: true }, _count: true });
  const maxId = _max.id ?? 0;
  const { ANOMALY_DETECTION_INTERVAL_MINUTES: interval, ANOMALY_SETTLE_MINUTES: settleMinutes } = env();
  const passesPerDay = Math.max(1, Math.floor(1_440 / interval));
  const passIndex = Math.floor(now.getTime() / (interval * 60_000)) % passesPerDay;
  const summary: DetectionSummary = {
    derivedPoints,
    series: _count,
    baselinesRefreshed: 0,
    scored: 0,
    anomalous: 0,
    opened: 0,
    updated: 0,
    alerted: 0,
    digest: false,
  };
  const failed: string[] = [];
  for (let afterId = 0; afterId < maxId; afterId += BATCH) {
    await db
      .$transaction(
        async (tx) => {
          await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DETECTION_LOCK})`;
          // The batch's baselines are sorted for medians and grouped in memory; keep them off disk.
          await tx.$executeRaw`SET LOCAL work_mem = '64MB'`;
          const range = { afterId, uptoId: afterId + BATCH, now, lookbackFrom };
          summary.baselinesRefreshed += await refreshBaselines(tx, { ...range, passIndex, passesPerDay });
          const scoring = { ...range, settleMs: settleMinutes * 60_000 };
          const scored = [...(await scoreBuckets(tx, scoring)), ...(await scoreAdaptiveBuckets(tx, scoring))];
          const anomalous = scored.filter((row) => row.anomalous);
          const { opened, updated } = await recordAnomalies(tx, anomalous, now);
          summary.scored += scored.length;
          summary.anomalous += anomalous.length;
          summary.opened += opened;
          summary.updated += updated;
        },
        { timeout: 300_000, maxWait: 60_000 },
      )
      .catch((error: unknown) => {
        // One bad batch must not leave every later series unscored and every alert unsent.
        failed.push(`series ${afterId + 1}–${afterId + BATCH}`);
        logger.error({ err: (error as Error).message, afterId }, "anomaly detection batch failed");
      });
    await onProgress?.(Math.min(99, Math.round(((afterId + BATCH) / maxId) * 100)));
  }
  const alerts = await alertOwners(now);
  summary.alerted = alerts.alerted;
  summary.digest = alerts.digest;
  logger.info({ ...summary }, "anomaly detection pass finished");
  if (failed.length)
    throw new Error(
      `Anomaly detection failed for ${failed.join(", ")}; the other series were scored (see the worker log)`,
    );
  await onProgress?.(100);
  return summary;
}
