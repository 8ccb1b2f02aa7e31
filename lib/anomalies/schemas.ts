import { z } from "zod";
import {
  AnomalySeverity,
  AnomalyStatus,
  MetricAggregation,
  MetricBucket,
  MetricDetector,
  MetricDirection,
  MetricSeasonality,
} from "@/lib/generated/prisma/enums";
import { optionalText, safeParseInput } from "@/lib/validation";
import { DAY } from "./buckets";

export const MAX_POINTS_PER_BATCH = 1_000;
/** Points are kept this long (the widest baseline is 30 days; the rest is for charts). */
export const POINT_RETENTION_DAYS = 90;
/** A reporter's clock may run a little ahead; a point further in the future is a bug. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;
/** Values beyond this cannot be squared and summed over a baseline window without overflowing. */
const MAX_VALUE = 1e15;
const MAX_VALUE_TEXT = "1e15";
const MIN_MAGNITUDE = 1e-9;

/**
 * A batch for POST /api/v1/metrics. Timestamps are checked against `now` here, so the error names the
 * point's index; tenants and metrics are checked against the database when the batch is recorded.
 */
export function metricBatchSchema(now: Date) {
  const timestamp = z.iso
    .datetime({ offset: true, error: "timestamp must be an ISO 8601 date-time, e.g. 2026-11-23T10:00:00Z" })
    .transform((value) => new Date(value))
    .refine((at) => at.getTime() <= now.getTime() + MAX_CLOCK_SKEW_MS, "timestamp is in the future")
    .refine(
      (at) => at.getTime() >= now.getTime() - POINT_RETENTION_DAYS * DAY,
      `timestamp is older than the ${POINT_RETENTION_DAYS}-day retention`,
    );
  const point = z.strictObject({
    tenant: z
      .string({ error: "tenant is required (the tenant's slug)" })
      .trim()
      .toLowerCase()
      .min(1, "tenant is required (the tenant's slug)")
      .max(63),
    metric: z
      .string({ error: "metric is required (a metric key, e.g. revenue)" })
      .trim()
      .toLowerCase()
      .min(1, "metric is required (a metric key, e.g. revenue)")
      .max(63),
    timestamp,
    value: z
      .number({ error: "value must be a finite number" })
      .finite("value must be a finite number")
      .min(-MAX_VALUE, `value must be between -${MAX_VALUE_TEXT} and ${MAX_VALUE_TEXT}`)
      .max(MAX_VALUE, `value must be between -${MAX_VALUE_TEXT} and ${MAX_VALUE_TEXT}`)
      // Subnormal-sized values would underflow the baseline arithmetic; they mean zero anyway.
      .transform((value) => (Math.abs(value) < MIN_MAGNITUDE ? 0 : value)),
  });
  return z.strictObject({
    points: z
      .array(point, { error: "points must be an array of { tenant, metric, timestamp, value }" })
      .min(1, "points must hold at least one point")
      .max(MAX_POINTS_PER_BATCH, `a batch holds at most ${MAX_POINTS_PER_BATCH} points; split it`),
  });
}

export type MetricPointInput = z.output<ReturnType<typeof metricBatchSchema>>["points"][number];

const number = (field: string) => z.coerce.number({ error: `${field} must be a number` });

/** The detection rule of a metric, as the rules editor submits it. */
const ruleFields = {
  name: z.string().trim().min(1, "Enter a name").max(80, "At most 80 characters"),
  unit: z.string().trim().min(1, "Enter a unit, e.g. requests or %").max(20, "At most 20 characters"),
  description: z.string().trim().max(300, "At most 300 characters").default(""),
  direction: z.enum(MetricDirection, { error: "Choose spike, drop or both" }),
  zThreshold: number("The threshold").min(1, "At least 1").max(10, "At most 10"),
  mediumZ: number("Medium").min(1, "At least 1").max(50, "At most 50"),
  highZ: number("High").min(1, "At least 1").max(50, "At most 50"),
  criticalZ: number("Critical").min(1, "At least 1").max(50, "At most 50"),
  baselineDays: number("The baseline window")
    .int("Whole days")
    .min(7, "At least 7 days")
    .max(30, "At most 30 days"),
  minHistoryDays: number("The minimum history")
    .int("Whole days")
    .min(1, "At least 1 day")
    .max(30, "At most 30 days"),
  seasonality: z.enum(MetricSeasonality, { error: "Choose a seasonality" }),
  robust: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()),
  enabled: z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean()),
};

type RuleShape = {
  zThreshold: number;
  mediumZ: number;
  highZ: number;
  criticalZ: number;
  baselineDays: number;
  minHistoryDays: number;
  seasonality: MetricSeasonality;
  bucket?: MetricBucket;
};

/** A rule must be able to fire: bands in order, enough history, and enough same-slot points to compare with. */
function checkRule(rule: RuleShape, ctx: z.RefinementCtx): void {
  if (rule.mediumZ < rule.zThreshold)
    ctx.addIssue({ code: "custom", path: ["mediumZ"], message: "Medium starts at or above the threshold" });
  if (rule.highZ < rule.mediumZ)
    ctx.addIssue({ code: "custom", path: ["highZ"], message: "High starts at or above medium" });
  if (rule.criticalZ < rule.highZ)
    ctx.addIssue({ code: "custom", path: ["criticalZ"], message: "Critical starts at or above high" });
  if (rule.minHistoryDays > rule.baselineDays)
    ctx.addIssue({
      code: "custom",
      path: ["minHistoryDays"],
      message: "The minimum history fits in the baseline window",
    });
  if (rule.seasonality === "day_of_week" && rule.baselineDays < 21) {
    ctx.addIssue({
      code: "custom",
      path: ["baselineDays"],
      message: "Comparing with the same weekday needs at least 21 days (three weeks)",
    });
  }
  if (rule.seasonality === "hour_of_day" && rule.bucket === "day") {
    ctx.addIssue({
      code: "custom",
      path: ["seasonality"],
      message: "A daily metric has no hour of day; choose none or day of week",
    });
  }
}

export const updateMetricRuleSchema = z
  .strictObject({ metricId: z.string().min(1), ...ruleFields })
  .superRefine((rule, ctx) => checkRule(rule, ctx));

export const createMetricSchema = z
  .strictObject({
    key: z
      .string()
      .trim()
      .toLowerCase()
      .regex(
        /^[a-z][a-z0-9_]{1,62}$/,
        "2–63 characters: lower-case letters, digits and _, starting with a letter",
      ),
    bucket: z.enum(MetricBucket, { error: "Choose hourly or daily" }),
    aggregation: z.enum(MetricAggregation, { error: "Choose sum, mean or max" }),
    /** Absent: the default for the bucket (adaptive for hourly metrics) */
    detector: z.enum(MetricDetector, { error: "Choose adaptive or z-score" }).optional(),
    ...ruleFields,
  })
  .superRefine((rule, ctx) => {
    checkRule(rule, ctx);
    if (rule.detector === "adaptive" && rule.bucket === "day")
      ctx.addIssue({
        code: "custom",
        path: ["detector"],
        message: "The adaptive detector models hourly metrics; choose z-score for a daily one",
      });
  });

export const upgradeMetricDetectorSchema = z.strictObject({ metricId: z.string().min(1) });

const anomalyRef = { anomalyId: z.string().min(1) };
const note = z.string().trim().max(1_000, "At most 1,000 characters");

export const acknowledgeAnomalySchema = z.strictObject({
  ...anomalyRef,
  assigneeId: optionalText,
  note: note.optional(),
});
export const closeAnomalySchema = z.strictObject({
  ...anomalyRef,
  outcome: z.enum(["resolved", "false_positive"], { error: "Choose resolved or false positive" }),
  note: note.min(1, "Say what it was"),
});

export const muteSeriesSchema = z.strictObject({
  seriesId: z.coerce.number().int().positive().max(2_147_483_647),
  until: z.iso.date({ error: "Choose a date" }).transform((day) => new Date(`${day}T00:00:00Z`)),
  reason: z.string().trim().min(1, "Say why").max(300, "At most 300 characters"),
});
export const unmuteSeriesSchema = z.strictObject({ seriesId: z.coerce.number().int().positive() });

export const listAnomaliesSchema = z.object({
  status: z.enum([...Object.values(AnomalyStatus), "open", "all"]).catch("open"),
  severity: z.enum(AnomalySeverity).optional().catch(undefined),
  metric: z.string().trim().max(63).optional().catch(undefined),
  tenant: z.string().trim().max(100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export type ListAnomaliesInput = z.output<typeof listAnomaliesSchema>;

/**
 * The list's filters from a page's search parameters or the refresh route's query string, parsed the
 * same way for both: empty values are absent, a bad value falls back to its default, and input that
 * cannot be read at all (a NUL byte) resets every filter.
 */
export function anomalyFilters(raw: Record<string, string | string[] | undefined>): {
  filters: ListAnomaliesInput;
  reset: boolean;
} {
  const values = Object.fromEntries(
    Object.entries(raw).map(([key, value]) => [key, (Array.isArray(value) ? value[0] : value) || undefined]),
  );
  const parsed = safeParseInput(listAnomaliesSchema, values);
  return parsed.success
    ? { filters: parsed.data, reset: false }
    : { filters: listAnomaliesSchema.parse({}), reset: true };
}
