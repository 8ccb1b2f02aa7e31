import type { MetricDirection, MetricSeasonality } from "@/lib/generated/prisma/enums";

/** The rule a new metric starts with, in the rules editor and wherever a metric is created without one. */
export const NEW_METRIC_RULE = {
  direction: "spike" as MetricDirection,
  zThreshold: 3,
  mediumZ: 4,
  highZ: 5,
  criticalZ: 7,
  baselineDays: 14,
  minHistoryDays: 3,
  seasonality: "none" as MetricSeasonality,
  robust: false,
};
