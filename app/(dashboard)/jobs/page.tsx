import Link from "next/link";
import { requirePageActor } from "@/app/_server/session";
import { queueSummaries, scheduleSummaries, throughputLastHour } from "@/lib/jobs/dashboard/queries";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass } from "@/components/ui/button";
import { JobsDashboard } from "@/components/jobs/jobs-dashboard";
import {
  pauseQueueAction,
  pauseScheduleAction,
  resumeQueueAction,
  resumeScheduleAction,
  runScheduleNowAction,
} from "./actions";

export const metadata = { title: "Jobs" };

export default async function JobsPage() {
  await requirePageActor(["OWNER"]);
  const [queues, throughput, schedules] = await Promise.all([
    queueSummaries(),
    throughputLastHour(),
    scheduleSummaries(),
  ]);
  return (
    <>
      <PageHeader
        title="Jobs"
        description="The worker's queues and schedules"
        actions={
          <>
            <Link href="/jobs/list" className={buttonClass("secondary")}>
              Search jobs
            </Link>
            <Link href="/jobs/list?state=failed" className={buttonClass("secondary")}>
              Failed jobs
            </Link>
          </>
        }
      />
      <JobsDashboard
        initial={JSON.parse(JSON.stringify({ queues, throughput, schedules }))}
        actions={{
          pauseQueue: pauseQueueAction,
          resumeQueue: resumeQueueAction,
          pauseSchedule: pauseScheduleAction,
          resumeSchedule: resumeScheduleAction,
          runScheduleNow: runScheduleNowAction,
        }}
      />
    </>
  );
}
