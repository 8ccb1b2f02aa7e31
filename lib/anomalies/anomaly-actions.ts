import { db, type Tx } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { settleAlertsOf } from "@/lib/alerts/acknowledge-alert";
import { AppError } from "@/lib/errors";
import { Prisma, type Anomaly } from "@/lib/generated/prisma/client";
import type { AnomalyStatus } from "@/lib/generated/prisma/enums";
import { forgetBaselines } from "./baselines";
import { newMetricDetector } from "./default-rule";
import { recordAnomalyEvents } from "./record-anomaly-events";
import { DETECTION_LOCK } from "./score-buckets";
import {
  acknowledgeAnomalySchema,
  closeAnomalySchema,
  createMetricSchema,
  muteSeriesSchema,
  unmuteSeriesSchema,
  updateMetricRuleSchema,
  upgradeMetricDetectorSchema,
} from "./schemas";

const OPEN: AnomalyStatus[] = ["active", "acknowledged"];

/** The anomaly, locked for this change, if it is still open. */
async function openAnomaly(tx: Tx, anomalyId: string): Promise<Anomaly> {
  const [locked] = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM anomalies WHERE id = ${anomalyId} FOR UPDATE`;
  if (!locked) throw new AppError("NOT_FOUND", "No such anomaly.");
  const anomaly = await tx.anomaly.findUniqueOrThrow({ where: { id: anomalyId } });
  if (!OPEN.includes(anomaly.status))
    throw new AppError("CONFLICT", `This anomaly is already ${anomaly.status.replace("_", " ")}.`);
  return anomaly;
}

/** Someone is on it: acknowledged, with an assignee and a note (again to reassign). */
export const acknowledgeAnomaly = defineAction({
  name: "anomalies.acknowledge",
  roles: ["OWNER"],
  input: acknowledgeAnomalySchema,
  run: async (actor, input) => {
    const result = await db.$transaction(async (tx) => {
      const anomaly = await openAnomaly(tx, input.anomalyId);
      if (input.assigneeId && !(await tx.user.count({ where: { id: input.assigneeId, disabled: false } }))) {
        throw new AppError("VALIDATION", "Some fields are invalid.", {
          assigneeId: ["Choose an active user"],
        });
      }
      const data = {
        status: "acknowledged" as const,
        assigneeId: input.assigneeId ?? null,
        note: input.note || anomaly.note,
        acknowledgedAt: anomaly.acknowledgedAt ?? new Date(),
      };
      await tx.anomaly.update({ where: { id: anomaly.id }, data });
      await recordAudit(tx, actor, {
        action: anomaly.status === "active" ? "anomaly.acknowledged" : "anomaly.reassigned",
        entityType: "anomaly",
        entityId: anomaly.id,
        before: { status: anomaly.status, assigneeId: anomaly.assigneeId, note: anomaly.note },
        after: { status: data.status, assigneeId: data.assigneeId, note: data.note },
      });
      return { id: anomaly.id };
    });
    // Its alert stops escalating, and its PagerDuty incident is acknowledged.
    await settleAlertsOf(`anomaly-alert:${result.id}`, "acknowledge", { channel: "app", who: actor.label });
    return result;
  },
});

/** Closes an open anomaly as resolved (it was real) or a false positive (it counts against the rule). */
export const closeAnomaly = defineAction({
  name: "anomalies.close",
  roles: ["OWNER"],
  input: closeAnomalySchema,
  run: async (actor, input) => {
    const result = await db.$transaction(async (tx) => {
      const anomaly = await openAnomaly(tx, input.anomalyId);
      await tx.anomaly.update({
        where: { id: anomaly.id },
        data: { status: input.outcome, note: input.note, closedAt: new Date(), closedById: actor.id },
      });
      await recordAnomalyEvents(tx, "anomaly.resolved", [anomaly.id]);
      await recordAudit(tx, actor, {
        action: input.outcome === "resolved" ? "anomaly.resolved" : "anomaly.false_positive",
        entityType: "anomaly",
        entityId: anomaly.id,
        before: { status: anomaly.status, note: anomaly.note },
        after: { status: input.outcome, note: input.note },
      });
      return { id: anomaly.id };
    });
    await settleAlertsOf(`anomaly-alert:${result.id}`, "resolve", { channel: "app", who: actor.label });
    return result;
  },
});

/** Sets or lifts a tenant × metric's mute, audited with what it was before. */
function changeMute(actor: Actor, seriesId: number, mute: { until: Date; reason: string } | null) {
  return db.$transaction(async (tx) => {
    const before = await tx.metricSeries.findUnique({ where: { id: seriesId } });
    if (!before) throw new AppError("NOT_FOUND", "No such tenant metric.");
    await tx.metricSeries.update({
      where: { id: seriesId },
      data: {
        mutedUntil: mute?.until ?? null,
        mutedById: mute ? actor.id : null,
        muteReason: mute?.reason ?? null,
      },
    });
    await recordAudit(tx, actor, {
      action: mute ? "anomaly_series.muted" : "anomaly_series.unmuted",
      entityType: "metric_series",
      entityId: String(seriesId),
      before: { mutedUntil: before.mutedUntil?.toISOString() ?? null, reason: before.muteReason },
      after: { mutedUntil: mute?.until.toISOString() ?? null, ...(mute ? { reason: mute.reason } : {}) },
    });
    return { seriesId };
  });
}

/** No anomalies for a tenant × metric until a date (its buckets are marked scored without being judged meanwhile). */
export const muteSeries = defineAction({
  name: "anomalies.mute",
  roles: ["OWNER"],
  input: muteSeriesSchema,
  run: (actor, input) => {
    if (input.until.getTime() <= Date.now())
      throw new AppError("VALIDATION", "Some fields are invalid.", { until: ["Choose a date after today"] });
    return changeMute(actor, input.seriesId, { until: input.until, reason: input.reason });
  },
});

export const unmuteSeries = defineAction({
  name: "anomalies.unmute",
  roles: ["OWNER"],
  input: unmuteSeriesSchema,
  run: (actor, input) => changeMute(actor, input.seriesId, null),
});

/**
 * Edits a metric's detection rule; the next pass recomputes its baselines and uses it (anomalies
 * keep the rule they were found by).
 */
export const updateMetricRule = defineAction({
  name: "anomalies.updateRule",
  roles: ["OWNER"],
  input: updateMetricRuleSchema,
  run: (actor, { metricId, ...rule }) =>
    db.$transaction(async (tx) => {
      // Waits for a detection batch in progress, so a batch never mixes the old and the new rule.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DETECTION_LOCK})`;
      const before = await tx.metricDefinition.findUnique({ where: { id: metricId } });
      if (!before) throw new AppError("NOT_FOUND", "No such metric.");
      if (rule.seasonality === "hour_of_day" && before.bucket === "day") {
        throw new AppError("VALIDATION", "Some fields are invalid.", {
          seasonality: ["A daily metric has no hour of day; choose none or day of week"],
        });
      }
      const after = await tx.metricDefinition.update({ where: { id: metricId }, data: rule });
      await forgetBaselines(tx, metricId);
      const pick = ({
        name,
        unit,
        description,
        direction,
        zThreshold,
        mediumZ,
        highZ,
        criticalZ,
        baselineDays,
        minHistoryDays,
        seasonality,
        robust,
        enabled,
      }: typeof after) => ({
        name,
        unit,
        description,
        direction,
        zThreshold,
        mediumZ,
        highZ,
        criticalZ,
        baselineDays,
        minHistoryDays,
        seasonality,
        robust,
        enabled,
      });
      await recordAudit(tx, actor, {
        action: "metric_rule.updated",
        entityType: "metric_definition",
        entityId: metricId,
        before: pick(before),
        after: pick(after),
      });
      return { id: metricId };
    }),
});

/** A metric the platform reports through the API, with its rule. */
export const createMetric = defineAction({
  name: "anomalies.createMetric",
  roles: ["OWNER"],
  input: createMetricSchema,
  run: (actor, input) =>
    db.$transaction(async (tx) => {
      if (await tx.metricDefinition.count({ where: { key: input.key } }))
        throw new AppError("VALIDATION", "Some fields are invalid.", {
          key: [`A metric '${input.key}' exists already`],
        });
      const detector = input.detector ?? newMetricDetector(input.bucket);
      const created = await tx.metricDefinition.create({ data: { ...input, detector, source: "api" } });
      await recordAudit(tx, actor, {
        action: "metric_rule.created",
        entityType: "metric_definition",
        entityId: created.id,
        after: { ...input, detector },
      });
      return { id: created.id };
    }),
});

/**
 * Moves a metric from its z-score rule to the adaptive detector (hourly metrics; its threshold,
 * direction and severity bands stay). Each series fits its model on the next pass from its stored
 * history, so it is judged at once; open anomalies keep the rule they were found by.
 */
export const upgradeMetricDetector = defineAction({
  name: "anomalies.upgradeDetector",
  roles: ["OWNER"],
  input: upgradeMetricDetectorSchema,
  run: (actor, { metricId }) =>
    db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DETECTION_LOCK})`;
      const before = await tx.metricDefinition.findUnique({ where: { id: metricId } });
      if (!before) throw new AppError("NOT_FOUND", "No such metric.");
      if (newMetricDetector(before.bucket) !== "adaptive")
        throw new AppError("VALIDATION", "The adaptive detector models hourly metrics; this one is daily.");
      if (before.detector === "adaptive") return { id: metricId };
      await tx.metricDefinition.update({ where: { id: metricId }, data: { detector: "adaptive" } });
      await tx.metricSeries.updateMany({ where: { metricId }, data: { adaptiveModel: Prisma.DbNull } });
      await forgetBaselines(tx, metricId);
      await recordAudit(tx, actor, {
        action: "metric_rule.upgraded",
        entityType: "metric_definition",
        entityId: metricId,
        before: { detector: before.detector },
        after: { detector: "adaptive" },
      });
      return { id: metricId };
    }),
});
