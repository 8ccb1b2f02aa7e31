import Link from "next/link";
import { requirePageActor } from "@/app/_server/session";
import { parsePageSearchParams, type PageSearchParams } from "@/lib/page-search-params";
import { JOB_STATES, listJobsSchema, type ListedJobState } from "@/lib/jobs/dashboard/schemas";
import { listJobs, SCAN_LIMIT } from "@/lib/jobs/dashboard/search-jobs";
import { QUEUES } from "@/lib/jobs/queues";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass } from "@/components/ui/button";
import { inputBaseClass } from "@/components/ui/field";
import { Badge, type Tone } from "@/components/ui/badge";
import { Pagination } from "@/components/ui/pagination";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { LocalTime } from "@/components/ui/local-time";
import { JobActionButton } from "@/components/jobs/job-action-button";
import { retryAllFailedAction } from "../actions";
import { nullWhenRedisDown } from "@/lib/redis";
import { RedisNotAnswering } from "@/components/ui/redis-not-answering";

export const metadata = { title: "Jobs" };

const STATE_TONES: Record<ListedJobState, Tone> = {
  waiting: "gray",
  prioritized: "gray",
  active: "blue",
  delayed: "amber",
  completed: "green",
  failed: "red",
};

export default async function JobListPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  await requirePageActor(["OWNER"]);
  const { values: query, invalid, text } = parsePageSearchParams(listJobsSchema, await searchParams);
  const page = await listJobs(query).catch(nullWhenRedisDown);
  if (!page) return <RedisNotAnswering />;
  const failedView = query.state === "failed";
  return (
    <>
      <PageHeader
        title={failedView ? "Failed jobs" : "Jobs"}
        description={
          <Link href="/jobs" className="hover:underline">
            ← Queues and schedules
          </Link>
        }
        actions={
          failedView && page.total > 0 ? (
            <JobActionButton
              action={retryAllFailedAction}
              input={query.queue ? { queue: query.queue } : {}}
              label="Retry all failed"
              confirm="Retry every failed job shown here?"
              variant="primary"
            />
          ) : undefined
        }
      />
      {text.discarded && (
        <p role="status" className="mb-4 text-sm text-emerald-700 dark:text-emerald-400">
          Discarded a {text.discarded} job.
        </p>
      )}
      {invalid && (
        <p role="alert" className="mb-4 text-sm text-amber-700">
          Some filters were invalid and were reset.
        </p>
      )}
      <form className="mb-4 flex flex-wrap gap-3" role="search">
        <input
          name="q"
          defaultValue={query.q}
          placeholder="Job id, name or payload value (e.g. emailLogId=…)"
          aria-label="Search jobs"
          className={`${inputBaseClass} w-96`}
        />
        <select
          name="queue"
          defaultValue={query.queue ?? ""}
          aria-label="Queue"
          className={`${inputBaseClass} w-40`}
        >
          <option value="">All queues</option>
          {Object.keys(QUEUES).map((q) => (
            <option key={q}>{q}</option>
          ))}
        </select>
        <select
          name="state"
          defaultValue={query.state ?? ""}
          aria-label="State"
          className={`${inputBaseClass} w-40`}
        >
          <option value="">All states</option>
          {JOB_STATES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <button className={buttonClass("secondary")}>Search</button>
      </form>
      <Table
        head={["Created", "Job", "State", "Attempts", "Payload", failedView ? "Error" : "Finished"].map(
          (h) => (
            <th key={h} className={headCellClass}>
              {h}
            </th>
          ),
        )}
        empty={
          page.rows.length === 0 ? (
            <p className="p-8 text-center text-sm text-slate-500">No jobs match.</p>
          ) : undefined
        }
      >
        {page.rows.map((job) => (
          <tr key={job.id}>
            <td className={`${cellClass} text-slate-500`}>
              <LocalTime value={job.createdAt} />
            </td>
            <td className={cellClass}>
              <Link
                href={`/jobs/${encodeURIComponent(job.id)}`}
                className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
              >
                {job.name}
              </Link>
              <p className="font-mono text-[11px] text-slate-500">{job.id}</p>
            </td>
            <td className={cellClass}>
              <Badge tone={STATE_TONES[job.state]}>{job.state}</Badge>
            </td>
            <td className={`${cellClass} tabular-nums`}>{job.attemptsMade}</td>
            <td className={`${cellClass} max-w-xs truncate font-mono text-xs`} title={job.payload}>
              {job.payload}
            </td>
            <td className={`${cellClass} max-w-xs truncate text-xs`}>
              {failedView ? (
                <span className="text-rose-600">{job.failedReason}</span>
              ) : (
                <LocalTime value={job.finishedAt} />
              )}
            </td>
          </tr>
        ))}
      </Table>
      {page.limited && (
        <p className="mt-3 text-xs text-slate-500">
          Searched the newest {SCAN_LIMIT.toLocaleString("en")} jobs of each queue and state; older ones are
          not listed. Narrow by queue and state, or open a job by its id.
        </p>
      )}
      <Pagination
        basePath="/jobs/list"
        page={page.page}
        pageCount={page.pageCount}
        total={page.total}
        params={{ q: query.q, queue: query.queue, state: query.state }}
      />
    </>
  );
}
