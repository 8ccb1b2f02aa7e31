import type {
  MetricBucket,
  MetricDirection,
  MetricSeasonality,
  MetricSource,
} from "@/lib/generated/prisma/enums";

/** Where a metric's points come from. */
export const SOURCE_LABELS: Record<MetricSource, string> = {
  api: "Reported through the API",
  rate_limit_requests: "Steward: rate-limit checks",
  rate_limit_denial_rate: "Steward: rate-limit denials",
  billing_revenue: "Steward: payments received",
  billing_failed_payments: "Steward: failed payments",
};

export const BUCKET_LABELS: Record<MetricBucket, string> = { hour: "Hourly", day: "Daily" };

export const DIRECTION_LABELS: Record<MetricDirection, string> = {
  spike: "Spikes (above the baseline)",
  drop: "Drops (below the baseline)",
  both: "Both ways",
};

export const SEASONALITY_LABELS: Record<MetricSeasonality, string> = {
  none: "None: every bucket of the window",
  hour_of_day: "Same hour of day",
  day_of_week: "Same weekday (and hour)",
};

const number = new Intl.NumberFormat("en", { maximumFractionDigits: 2 });

/** A metric value with its unit, as the explanations write it ("4.2%", "1,200 requests"). */
export function formatValue(value: number, unit: string): string {
  return unit === "%" ? `${number.format(value)}%` : `${number.format(value)} ${unit}`;
}

export const formatNumber = (value: number) => number.format(value);
