"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";

type LiveJob = { id: string; name: string; state: string; progress: unknown; failedReason: string | null };

const FINISHED = new Set(["completed", "failed"]);

async function fetchJob(ref: string): Promise<LiveJob> {
  const response = await fetch(`/api/jobs/${encodeURIComponent(ref)}`);
  if (!response.ok) throw new Error(`Job status failed to load (${response.status})`);
  return response.json();
}

/** Follows a job until it finishes: state and a progress bar fed by the job's `updateProgress`. */
export function JobProgress({ jobRef }: { jobRef: string }) {
  const { data, error } = useQuery({
    queryKey: ["job", jobRef],
    queryFn: () => fetchJob(jobRef),
    refetchInterval: (query) => (query.state.data && FINISHED.has(query.state.data.state) ? false : 1_000),
  });
  if (error) return <p className="text-xs text-rose-600">{error.message}</p>;
  const percent = typeof data?.progress === "number" ? data.progress : data?.state === "completed" ? 100 : 0;
  return (
    <div className="min-w-48 space-y-1" data-testid="job-progress" data-state={data?.state ?? "loading"}>
      <div
        className="h-2 overflow-hidden rounded bg-slate-200 dark:bg-slate-700"
        role="progressbar"
        aria-valuenow={percent}
        aria-valuemin={0}
        aria-valuemax={100}
      >
        <div
          className={`h-full transition-all ${data?.state === "failed" ? "bg-rose-500" : "bg-indigo-500"}`}
          style={{ width: `${percent}%` }}
        />
      </div>
      <p className="text-xs text-slate-500">
        <Link href={`/jobs/${encodeURIComponent(jobRef)}`} className="hover:underline">
          {data ? `${data.state} · ${percent}%` : "queued…"}
        </Link>
        {data?.failedReason && <span className="text-rose-600"> · {data.failedReason}</span>}
      </p>
    </div>
  );
}
