import Link from "next/link";
import { requirePageActor } from "@/app/_server/session";
import { jobsOverview } from "@/lib/jobs/dashboard/queries";
import { nullWhenRedisDown } from "@/lib/redis";
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
import { RedisNotAnswering } from "@/components/ui/redis-not-answering";

export const metadata = { title: "Jobs" };

export default async function JobsPage() {
  await requirePageActor(["OWNER"]);
  const overview = await jobsOverview().catch(nullWhenRedisDown);
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
      {overview ? (
        <JobsDashboard
          initial={JSON.parse(JSON.stringify(overview))}
          actions={{
            pauseQueue: pauseQueueAction,
            resumeQueue: resumeQueueAction,
            pauseSchedule: pauseScheduleAction,
            resumeSchedule: resumeScheduleAction,
            runScheduleNow: runScheduleNowAction,
          }}
        />
      ) : (
        <RedisNotAnswering />
      )}
    </>
  );
}
