"use client";

import Link from "next/link";
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { ThroughputChart } from "@/components/charts/throughput-chart";
import type { ServerAction } from "@/lib/actions/action-result";
import type { QueueName } from "@/lib/jobs/queues";
import { JobActionButton } from "./job-action-button";
import { JobProgress } from "./job-progress";

export type JobsOverview = {
  queues: {
    name: QueueName;
    paused: boolean;
    counts: Record<"waiting" | "active" | "delayed" | "completed" | "failed", number>;
  }[];
  throughput: { minute: string; completed: number; failed: number }[];
  schedules: {
    id: string;
    job: string;
    description: string;
    repeat: string;
    nextRunAt: string | null;
    paused: { at: string; by: string } | null;
  }[];
};

type QueueAction = ServerAction<{ queue: QueueName }, unknown>;
type ScheduleAction = ServerAction<{ id: string }, unknown>;

/** The dashboard's buttons, handed down by the page (components never import server actions). */
export type JobsDashboardActions = {
  pauseQueue: QueueAction;
  resumeQueue: QueueAction;
  pauseSchedule: ScheduleAction;
  resumeSchedule: ScheduleAction;
  runScheduleNow: ServerAction<{ id: string }, { job: string }>;
};

async function fetchOverview(): Promise<JobsOverview> {
  const response = await fetch("/api/jobs/overview");
  if (!response.ok) throw new Error(`Jobs failed to load (${response.status})`);
  return response.json();
}

const STATES = ["waiting", "active", "delayed", "completed", "failed"] as const;

/** Queues, the last hour's throughput and the schedules, refreshed every 5 s. */
export function JobsDashboard({
  initial,
  actions,
}: {
  initial: JobsOverview;
  actions: JobsDashboardActions;
}) {
  const { data, error, refetch } = useQuery({
    queryKey: ["jobs-overview"],
    queryFn: fetchOverview,
    initialData: initial,
    refetchInterval: 5_000,
  });
  const [runs, setRuns] = useState<Record<string, string>>({});
  return (
    <div className="space-y-6">
      {error && <p className="text-sm text-rose-600">{error.message}; showing the last figures.</p>}
      <div className="grid gap-4 md:grid-cols-3">
        {data.queues.map((queue) => (
          <Card
            key={queue.name}
            title={`Queue: ${queue.name}`}
            actions={
              <span className="flex items-center gap-2">
                {queue.paused && <Badge tone="amber">paused</Badge>}
                <JobActionButton
                  action={queue.paused ? actions.resumeQueue : actions.pauseQueue}
                  input={{ queue: queue.name }}
                  label={queue.paused ? "Resume" : "Pause"}
                  onDone={() => void refetch()}
                />
              </span>
            }
          >
            <dl className="grid grid-cols-5 gap-2 text-center" data-testid={`queue-${queue.name}`}>
              {STATES.map((state) => (
                // dt before dd as a definition list needs, shown count first.
                <div
                  key={state}
                  className="relative flex flex-col-reverse rounded p-1 hover:bg-slate-50 dark:hover:bg-slate-800"
                >
                  <dt className="text-[11px] uppercase tracking-wide text-slate-500">{state}</dt>
                  <dd
                    className={`text-lg font-semibold tabular-nums ${state === "failed" && queue.counts.failed ? "text-rose-700" : ""}`}
                  >
                    {/* The whole box is the link (after:inset-0), as before. */}
                    <Link
                      href={`/jobs/list?queue=${queue.name}&state=${state}`}
                      aria-label={`${queue.counts[state]} ${state} in ${queue.name}`}
                      className="after:absolute after:inset-0"
                    >
                      {queue.counts[state]}
                    </Link>
                  </dd>
                </div>
              ))}
            </dl>
          </Card>
        ))}
      </div>
      <Card title="Completed and failed per minute (last hour)">
        <ThroughputChart data={data.throughput} />
      </Card>
      <div>
        <h2 className="mb-2 text-sm font-semibold text-slate-700 dark:text-slate-200">Schedules</h2>
        <Table
          stickyActions
          head={["Schedule", "When", "Next run", ""].map((h, i) => (
            <th key={i} className={headCellClass}>
              {h}
            </th>
          ))}
        >
          {data.schedules.map((schedule) => (
            <tr key={schedule.id} data-testid={`schedule-${schedule.id}`}>
              <td className={cellClass}>
                <p className="font-medium">
                  {schedule.id} {schedule.paused && <Badge tone="amber">paused</Badge>}
                </p>
                <p className="text-xs text-slate-500">{schedule.description}</p>
              </td>
              <td className={`${cellClass} font-mono text-xs`}>{schedule.repeat}</td>
              <td className={`${cellClass} text-slate-500`}>
                {schedule.paused ? "—" : <LocalTime value={schedule.nextRunAt} />}
              </td>
              <td className={cellClass}>
                <span className="flex gap-2">
                  <JobActionButton
                    action={actions.runScheduleNow}
                    input={{ id: schedule.id }}
                    label="Run now"
                    variant="primary"
                    onDone={(result) => setRuns({ ...runs, [schedule.id]: result.job })}
                  />
                  <JobActionButton
                    action={schedule.paused ? actions.resumeSchedule : actions.pauseSchedule}
                    input={{ id: schedule.id }}
                    label={schedule.paused ? "Resume" : "Pause"}
                    onDone={() => void refetch()}
                  />
                </span>
                {runs[schedule.id] && (
                  <div className="mt-2">
                    <JobProgress key={runs[schedule.id]} jobRef={runs[schedule.id]} />
                  </div>
                )}
              </td>
            </tr>
          ))}
        </Table>
      </div>
    </div>
  );
}
