"use client";

import type { TrafficPoint } from "@/lib/rate-limits/queries";
import { TrafficBars } from "./traffic-bars";

const hourLabel = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });

/** Every tenant's rate-limit decisions per hour over the last 24 h, as the page was rendered. */
export function PlatformTrafficChart({ data }: { data: TrafficPoint[] }) {
  const totals = data.reduce(
    (sum, p) => ({ allowed: sum.allowed + p.allowed, denied: sum.denied + p.denied }),
    { allowed: 0, denied: 0 },
  );
  return (
    <div>
      <p className="mb-3 text-sm text-slate-500" data-testid="platform-traffic-totals">
        {totals.allowed.toLocaleString("en")} allowed · {totals.denied.toLocaleString("en")} denied
      </p>
      <div className="h-56" data-testid="platform-traffic-chart">
        <TrafficBars data={data} label={hourLabel} />
      </div>
    </div>
  );
}
