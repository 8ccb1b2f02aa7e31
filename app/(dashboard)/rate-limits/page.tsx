import Link from "next/link";
import { requirePageActor } from "@/app/_server/session";
import { parsePageSearchParams, type PageSearchParams } from "@/lib/page-search-params";
import { getGlobalPolicy, platformTraffic, rateLimitOverview, SPIKE_Z } from "@/lib/rate-limits/queries";
import { listTenants } from "@/lib/tenants/queries";
import { recordPendingBans } from "@/lib/rate-limits/record-pending-bans";
import { listTenantsSchema } from "@/lib/tenants/schemas";
import { PageHeader } from "@/components/ui/page-header";
import { Card, StatCard } from "@/components/ui/card";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { inputBaseClass } from "@/components/ui/field";
import { buttonClass } from "@/components/ui/button";
import { PolicyForm } from "@/components/rate-limits/policy-form";
import { PlatformTrafficChart } from "@/components/rate-limits/platform-traffic-chart";
import { updateGlobalPolicyAction } from "./actions";

export const metadata = { title: "Rate limits" };

const number = (n: number) => n.toLocaleString("en");

export default async function RateLimitsPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  await requirePageActor(["OWNER"]);
  const { q } = await searchParams;
  const search = parsePageSearchParams(listTenantsSchema, { q, pageSize: "10" });
  await recordPendingBans();
  const [overview, policy, found, traffic] = await Promise.all([
    rateLimitOverview(),
    getGlobalPolicy(),
    search.values.q && !search.invalid ? listTenants(search.values) : null,
    platformTraffic(),
  ]);
  const { lastHour } = overview;
  const decided = lastHour.allowed + lastHour.denied + lastHour.shadowDenied;

  return (
    <>
      <PageHeader
        title="Rate limits"
        description="Per-tenant IP limits enforced through Redis. Statistics reach this page once a minute, bans at once."
      />
      <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <StatCard label="Decisions, last hour" value={number(decided)} />
        <StatCard
          label="Denied, last hour"
          value={number(lastHour.denied)}
          detail={decided ? `${((lastHour.denied / decided) * 100).toFixed(1)}% of decisions` : undefined}
        />
        <StatCard label="Active bans" value={number(overview.activeBans)} />
        <StatCard
          label="Bans issued, 24 h"
          value={`${overview.bansLastDay.auto} auto · ${overview.bansLastDay.manual} manual`}
        />
      </div>

      <Card title="Decisions per hour, every tenant, 24 h" className="mt-6">
        <PlatformTrafficChart data={traffic} />
      </Card>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card title="Tenant rules">
          <form className="flex gap-2">
            <input
              name="q"
              defaultValue={q}
              placeholder="Tenant name or slug"
              aria-label="Find a tenant"
              className={`${inputBaseClass} flex-1`}
            />
            <button type="submit" className={buttonClass("secondary")}>
              Find
            </button>
          </form>
          {search.invalid && (
            <p className="mt-3 text-sm text-rose-600">{Object.values(search.invalid).flat()[0]}</p>
          )}
          {found && (
            <ul className="mt-3 divide-y divide-slate-100 text-sm dark:divide-slate-800">
              {found.rows.map((t) => (
                <li key={t.id} className="py-2">
                  <Link
                    href={`/rate-limits/${t.id}`}
                    className="text-indigo-600 hover:underline dark:text-indigo-400"
                  >
                    {t.name}
                  </Link>{" "}
                  <span className="text-slate-500">{t.slug}</span>
                </li>
              ))}
              {found.rows.length === 0 && <li className="py-2 text-slate-500">No tenant matches.</li>}
            </ul>
          )}
        </Card>
        <Card title="Global default policy">
          <p className="mb-3 text-xs text-slate-500">
            Every tenant inherits this until its own policy overrides it.
          </p>
          <PolicyForm action={updateGlobalPolicyAction} policy={policy} />
        </Card>
      </div>

      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <Card title="Top offending IPs, 24 h">
          <Table
            head={["IP", "Tenant", "Denied", "Why"].map((h) => (
              <th key={h} className={headCellClass}>
                {h}
              </th>
            ))}
            empty={
              overview.topIps.length === 0 && (
                <p className="p-4 text-sm text-slate-500">No denials in the last 24 hours.</p>
              )
            }
          >
            {overview.topIps.map((row) => (
              <tr key={`${row.ip}-${row.tenantId}`}>
                <td className={`${cellClass} font-mono`}>{row.ip}</td>
                <td className={cellClass}>
                  <Link
                    href={`/rate-limits/${row.tenantId}?ip=${encodeURIComponent(row.ip)}`}
                    className="hover:underline"
                  >
                    {row.tenantName}
                  </Link>
                </td>
                <td className={`${cellClass} tabular-nums`}>{number(row.count)}</td>
                <td className={cellClass}>{row.reasons}</td>
              </tr>
            ))}
          </Table>
        </Card>
        <Card title="Top tenants by denials, 24 h">
          <Table
            head={["Tenant", "Denied", "Allowed"].map((h) => (
              <th key={h} className={headCellClass}>
                {h}
              </th>
            ))}
            empty={
              overview.topTenants.length === 0 && (
                <p className="p-4 text-sm text-slate-500">No denials in the last 24 hours.</p>
              )
            }
          >
            {overview.topTenants.map((row) => (
              <tr key={row.tenantId}>
                <td className={cellClass}>
                  <Link href={`/rate-limits/${row.tenantId}`} className="hover:underline">
                    {row.tenantName}
                  </Link>
                </td>
                <td className={`${cellClass} tabular-nums`}>{number(row.denied)}</td>
                <td className={`${cellClass} tabular-nums`}>{number(row.allowed)}</td>
              </tr>
            ))}
          </Table>
        </Card>
      </div>

      <Card title={`Volume spikes (last hour ≥ ${SPIKE_Z}σ above the 7-day hourly mean)`} className="mt-6">
        <Table
          head={["Tenant", "Last hour", "Hourly mean", "Std dev", "z"].map((h) => (
            <th key={h} className={headCellClass}>
              {h}
            </th>
          ))}
          empty={
            overview.spikes.length === 0 && (
              <p className="p-4 text-sm text-slate-500">No tenant's volume stands out.</p>
            )
          }
        >
          {overview.spikes.map((row) => (
            <tr key={row.tenantId}>
              <td className={cellClass}>
                <Link href={`/rate-limits/${row.tenantId}`} className="hover:underline">
                  {row.tenantName}
                </Link>
              </td>
              <td className={`${cellClass} tabular-nums`}>{number(row.lastHour)}</td>
              <td className={`${cellClass} tabular-nums`}>{row.mean.toFixed(1)}</td>
              <td className={`${cellClass} tabular-nums`}>{row.stddev.toFixed(1)}</td>
              <td className={`${cellClass} tabular-nums font-semibold`}>{row.z.toFixed(1)}</td>
            </tr>
          ))}
        </Table>
      </Card>
    </>
  );
}
