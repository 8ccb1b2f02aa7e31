import { db } from "@/lib/db";
import { ADAPTIVE, judgeNextBucket, type AdaptiveModel, type AdaptivePoint } from "./adaptive-model";
import { DAY } from "./buckets";
import { adaptiveOptions, scoredFromJudgement } from "./score-adaptive";
import type { ScoredBucket } from "./score-buckets";

/**
 * The adaptive detector's judgement of a series' buckets in [from, to], replayed from its stored
 * points exactly as detection steps through them: the chart's band and the anomaly's are the same.
 * (Only a bucket reported again after it was scored can make them differ.)
 */
export async function adaptiveScores(
  seriesId: number,
  range: { from: Date; to: Date },
): Promise<ScoredBucket[]> {
  const series = await db.metricSeries.findUnique({
    where: { id: seriesId },
    select: { tenantId: true, metricId: true, tenant: { select: { timezone: true } }, metric: true },
  });
  if (!series) return [];
  // A model's state is a function of the points (see judgeNextBucket): the replay can start at `from`.
  const replayFrom = range.from.getTime();
  const rows = await db.metricPoint.findMany({
    where: {
      seriesId,
      bucket: { gte: new Date(replayFrom - (ADAPTIVE.windowDays + 1) * DAY), lte: range.to },
    },
    orderBy: { bucket: "asc" },
    select: { bucket: true, value: true },
  });
  const points: AdaptivePoint[] = rows.map((r) => ({ at: r.bucket.getTime(), value: r.value }));
  const options = adaptiveOptions(seriesId, series.metric, series.tenant.timezone);
  const scored: ScoredBucket[] = [];
  let model: AdaptiveModel | null = null;
  points.forEach((point, index) => {
    if (point.at < replayFrom) return;
    const result = judgeNextBucket(model, point, () => points.slice(0, index), options);
    model = result.model;
    if (result.judgement && point.at >= range.from.getTime())
      scored.push(
        scoredFromJudgement(
          result.judgement,
          { seriesId, tenantId: series.tenantId, metricId: series.metricId, ...point, judge: true },
          series.metric,
        ),
      );
  });
  return scored;
}
