import type { TenantView } from "@/lib/tenants/tenant-view";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";

/** The tenant's own fields. */
export function DetailsSection({ tenant }: { tenant: TenantView }) {
  const facts: [string, React.ReactNode][] = [
    ["Slug", tenant.slug],
    ["Contact email", tenant.contactEmail],
    ["Time zone", tenant.timezone],
    ["Created", <LocalTime key="c" value={tenant.createdAt} />],
    ...(tenant.statusReason
      ? ([["Last status reason", tenant.statusReason]] as [string, React.ReactNode][])
      : []),
  ];
  return (
    <Card title="Details">
      <dl className="grid grid-cols-1 gap-x-6 gap-y-3 text-sm sm:grid-cols-2">
        {facts.map(([label, value]) => (
          <div key={label} className="min-w-0">
            <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
            <dd className="mt-0.5 break-words">{value}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}
