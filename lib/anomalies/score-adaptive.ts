import type { Tx } from "@/lib/db";
import type {
  AnomalySeverity,
  MetricAggregation,
  MetricDirection,
  MetricSeasonality,
} from "@/lib/generated/prisma/enums";
import {
  ADAPTIVE,
  judgeNextBucket,
  type AdaptiveJudgement,
  type AdaptiveModel,
  type AdaptiveOptions,
  type AdaptivePoint,
} from "./adaptive-model";
import { DAY } from "./buckets";
import type { ScoredBucket } from "./score-buckets";

/** The seasonality an adaptive model found, in the words anomalies store. */
export const SEASONALITY_OF_PERIOD: Record<number, MetricSeasonality> = {
  0: "none",
  24: "hour_of_day",
  168: "day_of_week",
};

export type AdaptiveRule = {
  aggregation: MetricAggregation;
  direction: MetricDirection;
  zThreshold: number;
  mediumZ: number;
  highZ: number;
  criticalZ: number;
};

/** The model's options for a series of a metric in a tenant's time zone. */
export function adaptiveOptions(seriesId: number, rule: AdaptiveRule, timeZone: string): AdaptiveOptions {
  return { counts: rule.aggregation === "sum", timeZone, threshold: rule.zThreshold, seriesId };
}

/** A judgement as a scored bucket: anomalous past the threshold on the watched side, severity by the rule's bands. */
export function scoredFromJudgement(
  judgement: AdaptiveJudgement,
  bucket: { seriesId: number; tenantId: string; metricId: string; at: number; value: number; judge: boolean },
  rule: AdaptiveRule,
): ScoredBucket {
  const { z } = judgement;
  const onWatchedSide =
    rule.direction === "spike"
      ? z >= rule.zThreshold
      : rule.direction === "drop"
        ? z <= -rule.zThreshold
        : Math.abs(z) >= rule.zThreshold;
  const size = Math.abs(z);
  const severity: AnomalySeverity =
    size >= rule.criticalZ
      ? "critical"
      : size >= rule.highZ
        ? "high"
        : size >= rule.mediumZ
          ? "medium"
          : "low";
  return {
    seriesId: bucket.seriesId,
    tenantId: bucket.tenantId,
    metricId: bucket.metricId,
    bucket: new Date(bucket.at),
    value: bucket.value,
    z,
    center: judgement.expected,
    // The band's half-width per σ in the metric's unit (for counts, the average of both sides).
    spread: (judgement.high - judgement.low) / (2 * rule.zThreshold),
    baselinePoints: judgement.points,
    anomalous: bucket.judge && onWatchedSide,
    severity,
    bucketSize: "hour",
    threshold: rule.zThreshold,
    baselineDays: ADAPTIVE.windowDays,
    seasonality: SEASONALITY_OF_PERIOD[judgement.period],
    robust: true,
    detector: "adaptive",
    bandLow: judgement.low,
    bandHigh: judgement.high,
  };
}

type DueRow = AdaptiveRule & {
  id: number;
  tenant_id: string;
  metric_id: string;
  timezone: string;
  judge: boolean;
  model: AdaptiveModel | null;
  at: number;
  value: number;
};

/**
 * Scores, with the adaptive detector, every new closed bucket of the adaptive (hourly) metrics' series
 * with ids in (afterId, uptoId], in order, as `scoreBuckets` does for z-score rules (same settle
 * time, lookback, mute and disabled handling), then stores each series' advanced model and marks the
 * buckets scored. History is read only for series whose model is missing or due for its daily refit.
 * Muted or disabled series still advance their model (so the chart's band stays the detector's), but
 * nothing they do is anomalous.
 */
export async function scoreAdaptiveBuckets(
  tx: Pick<Tx, "$queryRaw" | "$executeRaw">,
  range: { afterId: number; uptoId: number; now: Date; lookbackFrom: Date; settleMs: number },
): Promise<ScoredBucket[]> {
  const now = range.now.toISOString();
  const due = await tx.$queryRaw<DueRow[]>`
    WITH s AS MATERIALIZED (
      SELECT s.id, s.tenant_id, s.metric_id, s.adaptive_model AS model, t.timezone,
             d.aggregation, d.direction, d.z_threshold AS "zThreshold", d.medium_z AS "mediumZ", d.high_z AS "highZ", d.critical_z AS "criticalZ",
             d.enabled AND (s.muted_until IS NULL OR s.muted_until <= ${now}::timestamp) AS judge,
             GREATEST(s.evaluated_through, ${range.lookbackFrom.toISOString()}::timestamp) AS scored_after,
             ${new Date(range.now.getTime() - range.settleMs).toISOString()}::timestamp - interval '1 hour' AS closed_through
      FROM metric_series s
      JOIN metric_definitions d ON d.id = s.metric_id
      JOIN tenants t ON t.id = s.tenant_id
      WHERE s.id > ${range.afterId} AND s.id <= ${range.uptoId} AND d.detector = 'adaptive' AND d.bucket = 'hour'
    )
    SELECT s.id, s.tenant_id, s.metric_id, s.model, s.timezone, s.aggregation, s.direction, s."zThreshold", s."mediumZ", s."highZ", s."criticalZ", s.judge,
           extract(epoch FROM p.bucket)::float8 * 1000 AS at, p.value
    FROM s JOIN metric_points p ON p.series_id = s.id AND p.bucket > s.scored_after AND p.bucket <= s.closed_through
    ORDER BY s.id, p.bucket`;
  if (due.length === 0) return [];
  const bySeries = new Map<number, DueRow[]>();
  for (const row of due) bySeries.set(row.id, [...(bySeries.get(row.id) ?? []), row]);

  // History for the series that refit: the window before their first due bucket up to their last.
  const refitting = [...bySeries.values()].filter(
    (rows) => !rows[0].model || rows[0].model.refitAt <= rows.at(-1)!.at,
  );
  const history = new Map<number, AdaptivePoint[]>();
  if (refitting.length) {
    const points = await tx.$queryRaw<{ id: number; at: number; value: number }[]>`
      SELECT p.series_id AS id, extract(epoch FROM p.bucket)::float8 * 1000 AS at, p.value
      FROM unnest(${refitting.map((rows) => rows[0].id)}::int[], ${refitting.map((rows) => new Date(rows[0].at - (ADAPTIVE.windowDays + 1) * DAY).toISOString())}::timestamp[], ${refitting.map((rows) => new Date(rows.at(-1)!.at).toISOString())}::timestamp[]) AS r(id, from_at, to_at)
      JOIN metric_points p ON p.series_id = r.id AND p.bucket >= r.from_at AND p.bucket < r.to_at
      ORDER BY p.series_id, p.bucket`;
    for (const p of points) history.set(p.id, [...(history.get(p.id) ?? []), { at: p.at, value: p.value }]);
  }

  const scored: ScoredBucket[] = [];
  const updates: { id: number; through: string; model: string | null }[] = [];
  for (const [id, rows] of bySeries) {
    const first = rows[0];
    const options = adaptiveOptions(id, first, first.timezone);
    let model = first.model;
    for (const row of rows) {
      const result = judgeNextBucket(
        model,
        { at: row.at, value: row.value },
        () => (history.get(id) ?? []).filter((p) => p.at < row.at),
        options,
      );
      model = result.model;
      if (result.judgement)
        scored.push(
          scoredFromJudgement(
            result.judgement,
            {
              seriesId: id,
              tenantId: row.tenant_id,
              metricId: row.metric_id,
              at: row.at,
              value: row.value,
              judge: row.judge,
            },
            first,
          ),
        );
    }
    updates.push({
      id,
      through: new Date(rows.at(-1)!.at).toISOString(),
      model: model && JSON.stringify(model),
    });
  }
  await tx.$executeRaw`
    UPDATE metric_series m SET evaluated_through = u.through, adaptive_model = u.model
    FROM unnest(${updates.map((u) => u.id)}::int[], ${updates.map((u) => u.through)}::timestamp[], ${updates.map((u) => u.model)}::jsonb[]) AS u(id, through, model)
    WHERE m.id = u.id`;
  return scored;
}
