import Link from "next/link";
import { latestUsageClass } from "@/lib/usage/latest-usage-class";
import { USAGE_CLASS_INFO } from "@/lib/usage/queries";
import { isoDay } from "@/lib/utc-day";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { sectionLinkClass } from "./link-class";

/** How the daily usage analysis last classified the tenant; the 30-day detail is on the Health tab. */
export async function UsageSection({ tenantId }: { tenantId: string }) {
  const usage = await latestUsageClass(tenantId);
  return (
    <Card
      title="Usage"
      actions={
        <Link href={`/tenants/${tenantId}/health`} className={`text-xs ${sectionLinkClass}`}>
          30 days
        </Link>
      }
    >
      {usage ? (
        <div className="space-y-1 text-sm" data-testid="tenant-usage-class">
          <p className="flex items-center gap-2">
            <Badge tone="blue">{USAGE_CLASS_INFO[usage.usageClass].label}</Badge>
            <span className="text-xs text-slate-500">as of {isoDay(usage.day)}</span>
          </p>
          <p className="text-xs text-slate-500">{USAGE_CLASS_INFO[usage.usageClass].explanation}</p>
          <p className="text-xs text-slate-500">
            {usage.activeDays} active days, {usage.requests.toLocaleString("en")} requests, {usage.limitDays}{" "}
            days at the limit
          </p>
        </div>
      ) : (
        <p className="text-sm text-slate-500">Not analysed yet.</p>
      )}
    </Card>
  );
}
