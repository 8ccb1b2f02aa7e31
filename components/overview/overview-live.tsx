"use client";

import { useQuery } from "@tanstack/react-query";
import type { Overview } from "@/lib/overview/queries";
import type { Jsonified } from "@/lib/jsonified";
import { Card } from "@/components/ui/card";
import { InboxList } from "./inbox-list";
import { HealthCard } from "./health-card";
import { TrendChart } from "./trend-chart";

type OverviewJson = Jsonified<Overview>;

async function fetchOverview(): Promise<OverviewJson> {
  const response = await fetch("/api/overview");
  if (!response.ok) throw new Error(`Overview failed to load (${response.status})`);
  return response.json();
}

const TRENDS = [
  { series: "newTenants", title: "New tenants", color: "#6366f1" },
  { series: "conversions", title: "Trial conversions", color: "#10b981" },
  { series: "recovered", title: "Recovered payments", color: "#f59e0b" },
] as const;

/** The owner's inbox, health and trends, refreshed every 15 s so the counts stay current. */
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
      <div className="grid gap-6 lg:grid-cols-3">
        <Card title="Needs you" className="lg:col-span-2">
          <InboxList rows={data.rows} />
        </Card>
        <Card title="Health">
          <HealthCard health={data.health} />
        </Card>
      </div>
      <div className="grid gap-6 lg:grid-cols-3">
        {TRENDS.map((trend) => (
          <Card key={trend.series} title={`${trend.title} (30 days)`}>
            <TrendChart data={data.trends} series={trend.series} label={trend.title} color={trend.color} />
          </Card>
        ))}
      </div>
    </div>
  );
}
