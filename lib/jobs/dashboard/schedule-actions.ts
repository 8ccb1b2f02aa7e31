import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { enqueueSoon } from "../outbox";
import { jobRef } from "./find-job";
import { JOBS } from "../queues";
import { findScheduleOrNull, registerSchedule, unregisterSchedule, type Schedule } from "../schedules";

const input = z.object({ id: z.string().min(1) });

function scheduleOrThrow(id: string): Schedule {
  const schedule = findScheduleOrNull(id);
  if (!schedule) throw new AppError("NOT_FOUND", `No schedule '${id}'.`);
  return schedule;
}

/** Removes the scheduler from Redis and remembers the pause, so a restarting worker keeps it paused. */
export const pauseSchedule = defineAction({
  name: "schedules.pause",
  roles: ["OWNER"],
  input,
  async run(actor, { id }) {
    const schedule = scheduleOrThrow(id);
    await db.$transaction(async (tx) => {
      await tx.schedulePause.upsert({
        where: { scheduleId: id },
        create: { scheduleId: id, pausedBy: actor.label },
        update: {},
      });
      await recordAudit(tx, actor, { action: "schedule.paused", entityType: "schedule", entityId: id });
    });
    await unregisterSchedule(schedule);
    return { id };
  },
});

export const resumeSchedule = defineAction({
  name: "schedules.resume",
  roles: ["OWNER"],
  input,
  async run(actor, { id }) {
    const schedule = scheduleOrThrow(id);
    await db.$transaction(async (tx) => {
      await tx.schedulePause.deleteMany({ where: { scheduleId: id } });
      await recordAudit(tx, actor, { action: "schedule.resumed", entityType: "schedule", entityId: id });
    });
    await registerSchedule(schedule);
    return { id };
  },
});

/** Queues the schedule's job once, now; returns its reference so the page can follow its progress. */
export const runScheduleNow = defineAction({
  name: "schedules.runNow",
  roles: ["OWNER"],
  input,
  async run(actor, { id }) {
    const schedule = scheduleOrThrow(id);
    // Through the job outbox: queued now when Redis answers, else by the worker's relay once it does.
    const jobId = `run-now-${id}-${randomUUID()}`;
    await enqueueSoon(schedule.job, {}, { jobId });
    const ref = jobRef(JOBS[schedule.job].queue, jobId);
    await db.$transaction((tx) =>
      recordAudit(tx, actor, {
        action: "schedule.ranNow",
        entityType: "schedule",
        entityId: id,
        after: { job: ref },
      }),
    );
    return { job: ref };
  },
});
