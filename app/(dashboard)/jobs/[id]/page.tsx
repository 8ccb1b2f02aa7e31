import Link from "next/link";
import { orNotFound } from "@/app/_server/or-not-found";
import { requirePageActor } from "@/app/_server/session";
import { getJobDetail } from "@/lib/jobs/dashboard/queries";
import { nullWhenRedisDown } from "@/lib/redis";
import { RedisNotAnswering } from "@/components/ui/redis-not-answering";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { JobActionButton } from "@/components/jobs/job-action-button";
import { discardJobAction, retryJobAction } from "../actions";
import { JobProgress } from "@/components/jobs/job-progress";

export const metadata = { title: "Job" };

export default async function JobPage({ params }: { params: Promise<{ id: string }> }) {
  await requirePageActor(["OWNER"]);
  const ref = decodeURIComponent((await params).id);
  const job = await orNotFound(getJobDetail(ref)).catch(nullWhenRedisDown);
  if (!job) return <RedisNotAnswering />;
  const facts: [string, React.ReactNode][] = [
    ["Queue", job.queue],
    ["State", job.state],
    ["Attempts", `${job.attemptsMade} of ${job.maxAttempts}`],
    ["Created", <LocalTime key="c" value={job.createdAt} />],
    ["Started", <LocalTime key="s" value={job.processedAt} />],
    ["Finished", <LocalTime key="f" value={job.finishedAt} />],
  ];
  return (
    <>
      <PageHeader
        title={job.name}
        description={
          <Link href="/jobs/list" className="hover:underline">
            ← Jobs · <span className="font-mono">{job.id}</span>
          </Link>
        }
        actions={
          <>
            {job.state === "failed" && (
              <JobActionButton
                action={retryJobAction}
                input={{ id: job.id }}
                label="Retry"
                variant="primary"
              />
            )}
            {job.state !== "active" && (
              <JobActionButton
                action={discardJobAction}
                input={{ id: job.id }}
                label="Discard"
                variant="danger"
                confirm="Remove this job for good?"
              />
            )}
          </>
        }
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Details">
          <dl className="space-y-2 text-sm">
            {facts.map(([label, value]) => (
              <div key={label} className="flex justify-between gap-4">
                <dt className="text-slate-500">{label}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          {!["completed", "failed"].includes(job.state) && (
            <div className="mt-4">
              <JobProgress jobRef={job.id} />
            </div>
          )}
        </Card>
        <Card title="Payload (personal data redacted)" className="lg:col-span-2">
          <pre
            className="max-h-96 overflow-auto rounded bg-slate-50 p-3 text-xs dark:bg-slate-800"
            data-testid="job-payload"
          >
            {JSON.stringify(job.payload, null, 2)}
          </pre>
          {job.returnValue !== null && (
            <>
              <h3 className="mb-1 mt-4 text-xs font-semibold uppercase text-slate-500">Return value</h3>
              <pre className="max-h-96 overflow-auto rounded bg-slate-50 p-3 text-xs dark:bg-slate-800">
                {JSON.stringify(job.returnValue, null, 2)}
              </pre>
            </>
          )}
        </Card>
      </div>
      {job.failedReason && (
        <Card title="Error" className="mt-6">
          <p className="mb-2 text-sm text-rose-600">{job.failedReason}</p>
          {job.stacktrace.map((trace, i) => (
            <pre
              key={i}
              className="mb-2 max-h-64 overflow-auto rounded bg-slate-50 p-3 text-xs dark:bg-slate-800"
            >
              {trace}
            </pre>
          ))}
        </Card>
      )}
    </>
  );
}
