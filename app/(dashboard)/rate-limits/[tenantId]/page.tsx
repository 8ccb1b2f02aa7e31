import { z } from "zod";
import Link from "next/link";
import { orNotFound } from "@/app/_server/or-not-found";
import { requirePageActor } from "@/app/_server/session";
import { parsePageSearchParams, type PageSearchParams } from "@/lib/page-search-params";
import { isAppError } from "@/lib/errors";
import { getTenantView } from "@/lib/tenants/queries";
import { getTenantRateLimits } from "@/lib/rate-limits/queries";
import { recordPendingBans } from "@/lib/rate-limits/record-pending-bans";
import { lookupIpCounters, type IpCounters } from "@/lib/rate-limits/counters";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { LocalTime } from "@/components/ui/local-time";
import { inputBaseClass } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/button";
import { PolicyForm } from "@/components/rate-limits/policy-form";
import { TrafficChart } from "@/components/rate-limits/traffic-chart";
import { AddEntryForm, BanForm, RowAction } from "@/components/rate-limits/tenant-forms";
import {
  addIpListEntryAction,
  banIpAction,
  liftBanAction,
  removeIpListEntryAction,
  resetIpCountersAction,
  updateTenantPolicyAction,
} from "../actions";

const ipQuery = z.object({ ip: z.string().optional() });

export const metadata = { title: "Tenant rate limits" };

export default async function TenantRateLimitsPage({
  params,
  searchParams,
}: {
  params: Promise<{ tenantId: string }>;
  searchParams: Promise<PageSearchParams>;
}) {
  const actor = await requirePageActor(["OWNER"]);
  const { tenantId } = await params;
  const { ip } = parsePageSearchParams(ipQuery, await searchParams).values;
  const tenant = await orNotFound(getTenantView(tenantId));
  await recordPendingBans();
  const limits = await getTenantRateLimits(tenantId);
  const lookup = ip ? await lookupIpCounters.execute(actor, { tenantId, ip }).catch((e: Error) => e) : null;
  const { own, global, effective } = limits;
  const shown = own ?? { ...global, overrideLimits: false, overrideAutoBan: false };

  return (
    <>
      <PageHeader
        title={`Rate limits · ${tenant.name}`}
        description={
          <Link href="/rate-limits" className="hover:underline">
            ← All rate limits
          </Link>
        }
        actions={
          <div className="flex gap-2">
            {!effective.enabled && <Badge tone="gray">Off</Badge>}
            {effective.shadow && <Badge tone="amber">Shadow mode</Badge>}
          </div>
        }
      />
      <div className="space-y-6">
        <Card title="Allowed vs denied">
          <TrafficChart tenantId={tenantId} />
        </Card>

        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Policy">
            <p className="mb-3 text-xs text-slate-500">
              In force:{" "}
              {[
                effective.limits.perMinute && `${effective.limits.perMinute}/min`,
                effective.limits.perHour && `${effective.limits.perHour}/h`,
                effective.limits.perDay && `${effective.limits.perDay}/day`,
              ]
                .filter(Boolean)
                .join(", ") || "no limits"}
              {effective.autoBan
                ? `; ban after ${effective.autoBan.afterViolations} violations in ${effective.autoBan.windowSeconds} s for ${effective.autoBan.durationSeconds} s`
                : "; no automatic bans"}
              {own ? "" : " (all inherited from the global policy)"}
            </p>
            <PolicyForm action={updateTenantPolicyAction} policy={shown} tenantId={tenantId} />
          </Card>

          <Card title="Allowlist and denylist">
            <p className="mb-3 text-xs text-slate-500">
              The longest matching prefix wins; on a tie the denylist does. Allowlisted addresses skip limits
              and bans.
            </p>
            <AddEntryForm action={addIpListEntryAction} tenantId={tenantId} />
            <ul
              className="mt-4 divide-y divide-slate-100 text-sm dark:divide-slate-800"
              data-testid="ip-list"
            >
              {limits.entries.map((entry) => (
                <li key={entry.id} className="flex items-center justify-between gap-3 py-2">
                  <span className="flex items-center gap-2">
                    <Badge tone={entry.list === "deny" ? "red" : "green"}>
                      {entry.list === "deny" ? "deny" : "allow"}
                    </Badge>
                    <code>{entry.cidr}</code>
                    {entry.note && <span className="text-slate-500">{entry.note}</span>}
                  </span>
                  <RowAction
                    action={removeIpListEntryAction}
                    hidden={{ tenantId, id: entry.id }}
                    label="Remove"
                  />
                </li>
              ))}
              {limits.entries.length === 0 && <li className="py-2 text-slate-500">No entries.</li>}
            </ul>
          </Card>
        </div>

        <Card title="Violations, last 24 hours">
          <Table
            head={["IP", "Reason", "Denied", "Last seen"].map((h) => (
              <th key={h} className={headCellClass}>
                {h}
              </th>
            ))}
            empty={
              limits.violations.length === 0 && (
                <p className="p-4 text-sm text-slate-500">No denied requests in the last 24 hours.</p>
              )
            }
          >
            {limits.violations.map((v) => (
              <tr key={`${v.ip}-${v.reason}-${v.shadow}`} data-testid="violation-row">
                <td className={cellClass}>
                  <Link href={`?ip=${encodeURIComponent(v.ip)}`} className="font-mono hover:underline">
                    {v.ip}
                  </Link>
                </td>
                <td className={cellClass}>
                  {v.reason}
                  {v.shadow && " (shadow)"}
                </td>
                <td className={`${cellClass} tabular-nums`}>{v.count}</td>
                <td className={cellClass}>
                  <LocalTime value={v.lastSeen} />
                </td>
              </tr>
            ))}
          </Table>
        </Card>

        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Active bans">
            <BanForm action={banIpAction} tenantId={tenantId} />
            <ul className="mt-4 divide-y divide-slate-100 text-sm dark:divide-slate-800">
              {limits.bans.map((ban) => (
                <li key={ban.id} className="flex items-center justify-between gap-3 py-2">
                  <span>
                    <code>{ban.ip}</code>{" "}
                    <Badge tone={ban.source === "auto" ? "amber" : "gray"}>{ban.source}</Badge>
                    <span className="block text-xs text-slate-500">
                      {ban.reason} ·{" "}
                      {ban.expiresAt ? (
                        <>
                          until <LocalTime value={ban.expiresAt} />
                        </>
                      ) : (
                        "until lifted"
                      )}
                    </span>
                  </span>
                  <RowAction action={liftBanAction} hidden={{ tenantId, id: ban.id }} label="Lift" />
                </li>
              ))}
              {limits.bans.length === 0 && <li className="py-2 text-slate-500">No active bans.</li>}
            </ul>
          </Card>

          <Card title="Counters of an IP">
            <form className="flex gap-2">
              <input
                name="ip"
                defaultValue={ip}
                placeholder="198.51.100.7"
                aria-label="IP address"
                className={`${inputBaseClass} flex-1`}
              />
              <button type="submit" className={buttonClass("secondary")}>
                Look up
              </button>
            </form>
            {lookup instanceof Error && (
              <p className="mt-3 text-sm text-rose-600">
                {lookup.message}
                {isAppError(lookup) && lookup.fields
                  ? `: ${Object.values(lookup.fields).flat().join(", ")}`
                  : ""}
              </p>
            )}
            {lookup && !(lookup instanceof Error) && <Counters counters={lookup} tenantId={tenantId} />}
          </Card>
        </div>
      </div>
    </>
  );
}

function Counters({ counters, tenantId }: { counters: IpCounters; tenantId: string }) {
  return (
    <div className="mt-4 space-y-3 text-sm">
      <dl className="grid grid-cols-3 gap-3">
        {counters.windows.map((w) => (
          <div key={w.label}>
            <dt className="text-xs uppercase tracking-wide text-slate-500">{w.label}</dt>
            <dd className="tabular-nums">
              {w.estimate}{" "}
              <span className="text-xs text-slate-500">
                (this {w.current}, previous {w.previous})
              </span>
            </dd>
          </div>
        ))}
      </dl>
      <p className="text-slate-600 dark:text-slate-300">
        {counters.violations} recent violations ·{" "}
        {counters.bannedUntil === null ? (
          "not banned"
        ) : counters.bannedUntil === 0 ? (
          "banned until lifted"
        ) : (
          <>
            banned until <LocalTime value={new Date(counters.bannedUntil)} />
          </>
        )}
      </p>
      <RowAction
        action={resetIpCountersAction}
        hidden={{ tenantId, ip: counters.ip }}
        label="Reset counters"
      />
    </div>
  );
}
