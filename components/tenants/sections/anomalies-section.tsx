import Link from "next/link";
import { tenantOpenAnomalies } from "@/lib/anomalies/tenant-anomalies";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Sparkline } from "@/components/charts/sparkline";
import { AnomalyStatusBadge, SeverityBadge } from "@/components/anomalies/anomaly-badges";
import { sectionLinkClass } from "./link-class";

const SEVERITY_COLORS = { critical: "#e11d48", high: "#f97316", medium: "#f59e0b", low: "#64748b" } as const;

/** The tenant's open anomalies, each with its metric over the days before it and a link to it. */
export async function AnomaliesSection({ tenantId }: { tenantId: string }) {
  const anomalies = await tenantOpenAnomalies(tenantId);
  return (
    <Card title="Open anomalies">
      {anomalies.length === 0 ? (
        <p className="text-sm text-slate-500">No open anomaly.</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2" data-testid="tenant-anomalies">
          {anomalies.map((anomaly) => (
            <li
              key={anomaly.id}
              className="rounded-md border border-slate-100 p-3 text-sm dark:border-slate-800"
              data-testid="tenant-anomaly"
            >
              <div className="flex flex-wrap items-center gap-2">
                <Link href={`/anomalies/${anomaly.id}`} className={`font-medium ${sectionLinkClass}`}>
                  {anomaly.metric.name}
                </Link>
                <SeverityBadge severity={anomaly.severity} />
                <AnomalyStatusBadge status={anomaly.status} />
              </div>
              <p className="mt-1 text-xs text-slate-500">
                {anomaly.value.toLocaleString("en", { maximumFractionDigits: 2 })} {anomaly.metric.unit}{" "}
                against {anomaly.center.toLocaleString("en", { maximumFractionDigits: 2 })}, last{" "}
                <LocalTime value={anomaly.lastBucket} />
              </p>
              <Sparkline
                data={anomaly.points}
                series="value"
                label={`${anomaly.metric.name} over the days before the anomaly`}
                color={SEVERITY_COLORS[anomaly.severity]}
              />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
