"use server";

import { serverAction } from "@/app/_server/server-action";
import { pauseQueue, resumeQueue } from "@/lib/jobs/dashboard/queue-actions";
import { pauseSchedule, resumeSchedule, runScheduleNow } from "@/lib/jobs/dashboard/schedule-actions";
import { discardJob, retryAllFailed, retryJob } from "@/lib/jobs/dashboard/job-actions";

// The dashboard's buttons; each lib action checks the role and audits itself.
const revalidate = "/jobs";

export const pauseQueueAction = serverAction(pauseQueue, { revalidate });
export const resumeQueueAction = serverAction(resumeQueue, { revalidate });
export const pauseScheduleAction = serverAction(pauseSchedule, { revalidate });
export const resumeScheduleAction = serverAction(resumeSchedule, { revalidate });
export const runScheduleNowAction = serverAction(runScheduleNow, { revalidate });
export const retryJobAction = serverAction(retryJob, { revalidate });
// The job's own page is gone once it is discarded: back to its queue's failed jobs, which say so.
export const discardJobAction = serverAction(discardJob, {
  revalidate,
  redirectTo: ({ name, queue }) =>
    `/jobs/list?${new URLSearchParams({ queue, state: "failed", discarded: name })}`,
});
export const retryAllFailedAction = serverAction(retryAllFailed, { revalidate });
