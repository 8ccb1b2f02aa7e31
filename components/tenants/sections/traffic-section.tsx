import Link from "next/link";
import { tenantTrafficSummary } from "@/lib/rate-limits/tenant-traffic-summary";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import { Sparkline } from "@/components/charts/sparkline";
import { sectionLinkClass } from "./link-class";

const sum = (points: { allowed: number; denied: number }[], key: "allowed" | "denied") =>
  points.reduce((total, p) => total + p[key], 0).toLocaleString("en");

/** Requests allowed and denied over 24 hours and 7 days, and the tenant's latest bans. */
export async function TrafficSection({ tenantId }: { tenantId: string }) {
  const { lastDay, lastWeek, activeBans, bans } = await tenantTrafficSummary(tenantId);
  return (
    <Card
      title="Rate-limit traffic and bans"
      actions={
        <Link href={`/rate-limits/${tenantId}`} className={`text-xs ${sectionLinkClass}`}>
          Rate limits
        </Link>
      }
    >
      <div className="space-y-4 text-sm" data-testid="tenant-traffic">
        <div className="grid grid-cols-2 gap-4">
          <div>
            <p className="text-xs text-slate-500">
              24 h: {sum(lastDay, "allowed")} allowed, {sum(lastDay, "denied")} denied
            </p>
            <Sparkline data={lastDay} series="allowed" label="Requests allowed per hour over 24 hours" />
          </div>
          <div>
            <p className="text-xs text-slate-500">
              7 d: {sum(lastWeek, "allowed")} allowed, {sum(lastWeek, "denied")} denied
            </p>
            <Sparkline data={lastWeek} series="allowed" label="Requests allowed per day over 7 days" />
          </div>
        </div>
        <p className="text-xs text-slate-500">
          {activeBans} ban{activeBans === 1 ? "" : "s"} in force
        </p>
        {bans.length > 0 && (
          <ul className="divide-y divide-slate-100 dark:divide-slate-800">
            {bans.map((ban) => (
              <li
                key={ban.id}
                className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5"
                data-testid="tenant-ban"
              >
                <span className="font-mono text-xs">{ban.ip}</span>
                <Badge tone={ban.active ? "red" : "gray"}>{ban.active ? "banned" : "ended"}</Badge>
                <span className="text-xs text-slate-500">
                  {ban.source}: {ban.reason}
                </span>
                <span className="ml-auto text-xs text-slate-500">
                  <LocalTime value={ban.startedAt} />
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}
