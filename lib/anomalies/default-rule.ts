import type {
  MetricBucket,
  MetricDetector,
  MetricDirection,
  MetricSeasonality,
} from "@/lib/generated/prisma/enums";

/**
 * The rule a new metric starts with, in the rules editor and wherever a metric is created without
 * one: both sides watched at 3σ. On the adaptive detector (hourly metrics) the seasonality and
 * window below only apply if the metric is ever switched back to a z-score rule.
 */
export const NEW_METRIC_RULE = {
  direction: "both" as MetricDirection,
  zThreshold: 3,
  mediumZ: 4,
  highZ: 5,
  criticalZ: 7,
  baselineDays: 14,
  minHistoryDays: 3,
  seasonality: "none" as MetricSeasonality,
  robust: false,
};

/** New hourly metrics are judged by the adaptive detector; daily ones by a z-score rule (the detector models hours). */
export function newMetricDetector(bucket: MetricBucket): MetricDetector {
  return bucket === "hour" ? "adaptive" : "zscore";
}

/** The default for new metrics before the adaptive detector, kept for comparison in bench:anomaly-nab. */
export const PREVIOUS_DEFAULT_RULE = { ...NEW_METRIC_RULE, direction: "spike" as MetricDirection };
