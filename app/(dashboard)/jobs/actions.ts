"use server";

import { revalidatePath } from "next/cache";
import { runAction, type ActionResult } from "@/app/_server/run-action";
import type { Action } from "@/lib/actions/define-action";
import { pauseQueue, resumeQueue } from "@/lib/jobs/dashboard/queue-actions";
import { pauseSchedule, resumeSchedule, runScheduleNow } from "@/lib/jobs/dashboard/schedule-actions";
import { discardJob, retryAllFailed, retryJob } from "@/lib/jobs/dashboard/job-actions";

const ACTIONS: Record<string, Action<unknown>> = {
  pauseQueue,
  resumeQueue,
  pauseSchedule,
  resumeSchedule,
  runScheduleNow,
  retryJob,
  discardJob,
  retryAllFailed,
};

/** One entry point for the dashboard's buttons; each named action checks the role and audits itself. */
export async function jobsAction(
  name: string,
  input: Record<string, string>,
): Promise<ActionResult<unknown>> {
  const action = Object.hasOwn(ACTIONS, name) ? ACTIONS[name] : undefined;
  if (!action) return { ok: false, error: "Unknown action." };
  const result = await runAction(action, input);
  if (result.ok) revalidatePath("/jobs", "layout");
  return result;
}
