import type { MetricBucket, MetricDetector, MetricSeasonality } from "@/lib/generated/prisma/enums";
import { formatMoment } from "@/lib/billing/format";

export type ExplainableAnomaly = {
  peakBucket: Date;
  value: number;
  z: number;
  center: number;
  spread: number;
  baselinePoints: number;
  threshold: number;
  baselineDays: number;
  seasonality: MetricSeasonality;
  robust: boolean;
  /** Absent on anomalies read without it: a z-score */
  detector?: MetricDetector;
  bandLow?: number | null;
  bandHigh?: number | null;
};

type Metric = { name: string; unit: string; bucket: MetricBucket };

const number = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });
const formatValue = (value: number, unit: string) =>
  unit === "%" ? `${number.format(value)}%` : `${number.format(value)} ${unit}`;

function localParts(at: Date, timeZone: string): { weekday: string; time: string } {
  const parts = new Intl.DateTimeFormat("en-GB", {
    weekday: "long",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { weekday: part("weekday"), time: `${part("hour")}:${part("minute")}` };
}

/** "usual Tuesday 14:00 level", "usual 14:00 level", "usual Tuesday level" or "usual level". */
function usualLevel(
  anomaly: ExplainableAnomaly,
  metric: Metric,
  timeZone: string,
): { level: string; points: string } {
  const { weekday, time } = localParts(anomaly.peakBucket, timeZone);
  const hourly = metric.bucket === "hour";
  if (anomaly.seasonality === "hour_of_day" && hourly)
    return { level: `usual ${time} level`, points: `days at ${time}` };
  if (anomaly.seasonality === "day_of_week")
    return hourly
      ? { level: `usual ${weekday} ${time} level`, points: `${weekday}s at ${time}` }
      : { level: `usual ${weekday} level`, points: `${weekday}s` };
  return { level: "usual level", points: hourly ? "hours" : "days" };
}

/** Which rhythm the adaptive detector found in the series, in words. */
const ADAPTIVE_SEASONALITY: Record<MetricSeasonality, string> = {
  none: "no daily or weekly rhythm found in this series, so one level for every hour",
  hour_of_day: "a daily rhythm found in this series, so each hour of the day has its own level",
  day_of_week: "a weekly rhythm found in this series, so each weekday and hour has its own level",
};

/**
 * An adaptive detector's anomaly in words, e.g. headline "Sign-ups 41% below its expected Tuesday
 * 14:00 level (z = -4.2, threshold 3)" and baseline "Expected 1,200 sign-ups, normal between 950 and
 * 1,480 (a weekly rhythm found …; spread robust and calibrated on this series' own deviations, from
 * 640 hours of the previous 28 days); value 708 sign-ups at …".
 */
function explainAdaptive(anomaly: ExplainableAnomaly, metric: Metric, timeZone: string) {
  const { level } = usualLevel(anomaly, metric, timeZone);
  const expectedLevel = level.replace(/^usual/, "expected");
  const side = anomaly.value >= anomaly.center ? "above" : "below";
  const score = `(z = ${anomaly.z.toFixed(1)}, threshold ${number.format(anomaly.threshold)})`;
  const change =
    anomaly.center === 0
      ? `${metric.name} at ${formatValue(anomaly.value, metric.unit)} against an ${expectedLevel} of 0`
      : `${metric.name} ${number.format(Math.round((Math.abs(anomaly.value - anomaly.center) / Math.abs(anomaly.center)) * 100))}% ${side} its ${expectedLevel}`;
  const low = anomaly.bandLow ?? anomaly.center - anomaly.threshold * anomaly.spread;
  const high = anomaly.bandHigh ?? anomaly.center + anomaly.threshold * anomaly.spread;
  return {
    headline: `${change} ${score}`,
    baseline:
      `Expected ${formatValue(anomaly.center, metric.unit)}, normal between ${number.format(low)} and ${number.format(high)} ` +
      `(${ADAPTIVE_SEASONALITY[anomaly.seasonality]}; spread robust and calibrated on this series' own deviations, ` +
      `from ${anomaly.baselinePoints} hours of the previous ${anomaly.baselineDays} days); ` +
      `value ${formatValue(anomaly.value, metric.unit)} at ${formatMoment(anomaly.peakBucket, timeZone)} is ${side} the band`,
  };
}

/**
 * An anomaly in words, e.g. headline "Revenue 41% below its usual Tuesday 14:00 level (z = -3.4,
 * threshold 2.5)" and baseline "Mean 1,200 amount ± 90 (standard deviation) over 4 Tuesdays at 14:00
 * in the previous 28 days; value 708 amount at 24 November 2026 at 14:00 (Europe/Berlin)".
 */
export function explainAnomaly(
  anomaly: ExplainableAnomaly,
  metric: Metric,
  timeZone: string,
): { headline: string; baseline: string } {
  if (anomaly.detector === "adaptive") return explainAdaptive(anomaly, metric, timeZone);
  const { level, points } = usualLevel(anomaly, metric, timeZone);
  const side = anomaly.value >= anomaly.center ? "above" : "below";
  const score = `(z = ${anomaly.z.toFixed(1)}, threshold ${number.format(anomaly.threshold)})`;
  const change =
    anomaly.center === 0
      ? `${metric.name} at ${formatValue(anomaly.value, metric.unit)} against a ${level} of 0`
      : `${metric.name} ${number.format(Math.round((Math.abs(anomaly.value - anomaly.center) / Math.abs(anomaly.center)) * 100))}% ${side} its ${level}`;
  const method = anomaly.robust ? "Median" : "Mean";
  const spread = anomaly.robust ? "1.4826 × MAD" : "standard deviation";
  return {
    headline: `${change} ${score}`,
    baseline:
      `${method} ${formatValue(anomaly.center, metric.unit)} ± ${number.format(anomaly.spread)} (${spread}) over ${anomaly.baselinePoints} ${points} ` +
      `in the previous ${anomaly.baselineDays} days; value ${formatValue(anomaly.value, metric.unit)} at ${formatMoment(anomaly.peakBucket, timeZone)}`,
  };
}
