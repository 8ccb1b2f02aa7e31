import Link from "next/link";
import { requirePageActor } from "@/app/_server/session";
import { listAnomalies, metricOptions, openAnomalyCounts } from "@/lib/anomalies/queries";
import { anomalyFilters } from "@/lib/anomalies/schemas";
import { AnomalyStatus } from "@/lib/generated/prisma/enums";
import { PageHeader } from "@/components/ui/page-header";
import { buttonClass } from "@/components/ui/button";
import { inputBaseClass } from "@/components/ui/field";
import { AnomaliesLive } from "@/components/anomalies/anomalies-live";
import { SEVERITIES, statusLabel } from "@/components/anomalies/anomaly-badges";

export const metadata = { title: "Anomalies" };

const STATUS_OPTIONS = ["open", ...Object.values(AnomalyStatus), "all"] as const;

export default async function AnomaliesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requirePageActor(["OWNER"]);
  const { filters, reset } = anomalyFilters(await searchParams);
  const [counts, page, metrics] = await Promise.all([
    openAnomalyCounts(),
    listAnomalies(filters),
    metricOptions(),
  ]);

  return (
    <>
      <PageHeader
        title="Anomalies"
        description="Tenant metrics that left their usual range. The list refreshes every 30 seconds."
        actions={
          <>
            <Link href="/anomalies/rules" className={buttonClass("secondary")}>
              Rules
            </Link>
            <Link href="/anomalies/baselines" className={buttonClass("secondary")}>
              Baselines
            </Link>
          </>
        }
      />
      <AnomaliesLive initial={JSON.parse(JSON.stringify({ counts, page }))} filters={filters}>
        {reset && (
          <p role="alert" className="mb-4 text-sm text-amber-700">
            Some filters were invalid and were reset.
          </p>
        )}
        <form className="mb-4 flex flex-wrap items-end gap-3" role="search">
          <select
            name="status"
            defaultValue={filters.status}
            aria-label="Status"
            className={`${inputBaseClass} w-40`}
          >
            {STATUS_OPTIONS.map((s) => (
              <option key={s} value={s}>
                {s === "open" ? "Open (active or acknowledged)" : statusLabel(s)}
              </option>
            ))}
          </select>
          <select
            name="severity"
            defaultValue={filters.severity ?? ""}
            aria-label="Severity"
            className={`${inputBaseClass} w-36`}
          >
            <option value="">All severities</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
          <select
            name="metric"
            defaultValue={filters.metric ?? ""}
            aria-label="Metric"
            className={`${inputBaseClass} w-44`}
          >
            <option value="">All metrics</option>
            {metrics.map((m) => (
              <option key={m.key} value={m.key}>
                {m.name}
              </option>
            ))}
          </select>
          <input
            name="tenant"
            defaultValue={filters.tenant}
            placeholder="Tenant name or slug"
            aria-label="Tenant"
            className={`${inputBaseClass} w-64`}
          />
          <button className={buttonClass("secondary")}>Apply</button>
        </form>
      </AnomaliesLive>
    </>
  );
}
