// The detection modes bench:anomaly-nab runs side by side: the product's default for a new metric,
// the default before the adaptive detector, and each configurable z-score method with both sides watched (threshold 3, 28-day window, the shortest
// history a rule allows beside the default's).
import { NEW_METRIC_RULE, PREVIOUS_DEFAULT_RULE, newMetricDetector } from "@/lib/anomalies/default-rule";

type Rule = {
  direction: "spike" | "drop" | "both";
  zThreshold: number;
  mediumZ: number;
  highZ: number;
  criticalZ: number;
  baselineDays: number;
  minHistoryDays: number;
  seasonality: "none" | "hour_of_day" | "day_of_week";
  robust: boolean;
};
export type NabMode = {
  key: string;
  label: string;
  rule: Rule;
  /** Set for the mode that is the product's default for a new metric */
  isDefault?: boolean;
  /** The metric_definitions.detector value, when not the table's default */
  detectorColumn?: string;
};

const MODE_RULE = {
  direction: "both",
  zThreshold: 3,
  mediumZ: 4,
  highZ: 5,
  criticalZ: 7,
  baselineDays: 28,
  minHistoryDays: 1,
} as const;

export const NAB_MODES: NabMode[] = [
  {
    key: "nab_default",
    label: `product default (${newMetricDetector("hour")})`,
    rule: NEW_METRIC_RULE,
    isDefault: true,
    detectorColumn: newMetricDetector("hour"),
  },
  { key: "nab_previous", label: "previous default (z-score, spike, 14 days)", rule: PREVIOUS_DEFAULT_RULE },
  { key: "nab_plain", label: "z-score", rule: { ...MODE_RULE, seasonality: "none", robust: false } },
  { key: "nab_robust", label: "robust", rule: { ...MODE_RULE, seasonality: "none", robust: true } },
  {
    key: "nab_hourly",
    label: "hour_of_day",
    rule: { ...MODE_RULE, seasonality: "hour_of_day", robust: false },
  },
  {
    key: "nab_hourly_robust",
    label: "hour_of_day robust",
    rule: { ...MODE_RULE, seasonality: "hour_of_day", robust: true },
  },
  {
    key: "nab_weekly",
    label: "day_of_week",
    rule: { ...MODE_RULE, seasonality: "day_of_week", robust: false },
  },
  {
    key: "nab_weekly_robust",
    label: "day_of_week robust",
    rule: { ...MODE_RULE, seasonality: "day_of_week", robust: true },
  },
];
