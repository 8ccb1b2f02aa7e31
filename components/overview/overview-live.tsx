"use client";

import { useQuery } from "@tanstack/react-query";
import type { Overview } from "@/lib/overview/queries";
import { Card, StatCard } from "@/components/ui/card";
import { TenantsPerWeekChart } from "@/components/charts/tenants-per-week-chart";

/** JSON turns dates into strings on the way to the browser. */
type OverviewJson = Omit<Overview, "worker"> & {
  worker: { alive: boolean; lastBeatAt: string | null; workers: { workerId: string; beatAt: string }[] };
};

async function fetchOverview(): Promise<OverviewJson> {
  const response = await fetch("/api/overview");
  if (!response.ok) throw new Error(`Overview failed to load (${response.status})`);
  return response.json();
}

function ago(iso: string | null): string {
  if (!iso) return "never";
  const seconds = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
  return seconds < 90 ? `${seconds}s ago` : `${Math.round(seconds / 60)} min ago`;
}

/** The overview, refreshed every 15 s so the worker status and counts stay current. */
export function OverviewLive({ initial }: { initial: OverviewJson }) {
  const { data, error } = useQuery({
    queryKey: ["overview"],
    queryFn: fetchOverview,
    initialData: initial,
    refetchInterval: 15_000,
  });
  return (
    <div className="space-y-6">
      {error && <p className="text-sm text-rose-600">{error.message}; showing the last figures.</p>}
      <div className="grid grid-cols-2 gap-4 lg:grid-cols-6">
        <StatCard label="Tenants" value={data.total.toLocaleString("en")} />
        {data.byStatus.map((s) => (
          <StatCard key={s.key} label={s.key.replace("_", " ")} value={s.count.toLocaleString("en")} />
        ))}
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Tenants created per week (last 26 weeks)" className="lg:col-span-2">
          <TenantsPerWeekChart data={data.perWeek} />
        </Card>
        <div className="space-y-6">
          <Card title="Worker">
            <div className="flex items-center gap-2" data-testid="worker-status">
              <span
                className={`h-2.5 w-2.5 rounded-full ${data.worker.alive ? "bg-emerald-500" : "bg-rose-500"}`}
                aria-hidden
              />
              <span className="text-sm font-medium">{data.worker.alive ? "Running" : "Not running"}</span>
            </div>
            <p className="mt-1 text-xs text-slate-500">Last heartbeat {ago(data.worker.lastBeatAt)}</p>
            {!data.worker.alive && (
              <p className="mt-2 text-xs text-slate-500">
                Start it with <code>npm run worker</code>.
              </p>
            )}
          </Card>
          <Card title="By plan">
            <ul className="space-y-1.5 text-sm">
              {data.byPlan.map((p) => (
                <li key={p.key} className="flex justify-between">
                  <span className="capitalize">{p.key}</span>
                  <span className="tabular-nums">{p.count.toLocaleString("en")}</span>
                </li>
              ))}
            </ul>
          </Card>
        </div>
      </div>
    </div>
  );
}
