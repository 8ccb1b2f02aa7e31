"use client";

import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import type { TrafficPoint } from "@/lib/rate-limits/queries";
import { TrafficBars } from "./traffic-bars";

const RANGES = { hour: "Last hour, per minute", week: "7 days, per hour" } as const;
type Range = keyof typeof RANGES;

async function fetchTraffic(tenantId: string, range: Range): Promise<TrafficPoint[]> {
  const response = await fetch(`/api/rate-limits/${tenantId}/traffic?range=${range}`);
  if (!response.ok) throw new Error(`Could not load traffic (${response.status})`);
  return response.json();
}

/** Allowed vs denied requests of one tenant, refreshed every 15 s (statistics reach Postgres once a minute). */
export function TrafficChart({ tenantId }: { tenantId: string }) {
  const [range, setRange] = useState<Range>("hour");
  const { data, error } = useQuery({
    queryKey: ["rate-limit-traffic", tenantId, range],
    queryFn: () => fetchTraffic(tenantId, range),
    refetchInterval: 15_000,
  });
  const label = (iso: string) =>
    range === "hour"
      ? new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
      : new Date(iso).toLocaleString(undefined, { weekday: "short", hour: "2-digit" });
  const totals = (data ?? []).reduce(
    (sum, p) => ({ allowed: sum.allowed + p.allowed, denied: sum.denied + p.denied }),
    { allowed: 0, denied: 0 },
  );
  return (
    <div>
      <div className="mb-3 flex items-center justify-between gap-4 text-sm">
        <div className="flex gap-2">
          {(Object.keys(RANGES) as Range[]).map((r) => (
            <button
              key={r}
              type="button"
              onClick={() => setRange(r)}
              className={`rounded px-2 py-1 ${r === range ? "bg-indigo-600 text-white" : "text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800"}`}
            >
              {RANGES[r]}
            </button>
          ))}
        </div>
        <p className="text-slate-500" data-testid="traffic-totals">
          {totals.allowed} allowed · {totals.denied} denied
        </p>
      </div>
      {error && <p className="text-sm text-rose-600">{(error as Error).message}</p>}
      <div className="h-56" data-testid="traffic-chart">
        <TrafficBars data={data ?? []} label={label} />
      </div>
    </div>
  );
}
