import Link from "next/link";
import { requirePageActor } from "@/app/_server/session";
import { parsePageSearchParams, type PageSearchParams } from "@/lib/page-search-params";
import { tenantBaselines } from "@/lib/anomalies/queries";
import { DAY } from "@/lib/anomalies/buckets";
import { listTenants } from "@/lib/tenants/queries";
import { listTenantsSchema } from "@/lib/tenants/schemas";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { inputBaseClass } from "@/components/ui/field";
import { BaselinesTable } from "@/components/anomalies/baselines-table";
import { muteSeriesAction, unmuteSeriesAction } from "../actions";

export const metadata = { title: "Baselines" };

export default async function BaselinesPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  await requirePageActor(["OWNER"]);
  const search = parsePageSearchParams(listTenantsSchema, { q: (await searchParams).tenant, pageSize: "10" });
  const { q } = search.values;
  const now = new Date();
  // An exact slug shows that tenant; any other text lists the tenants it matches.
  const baselines = q ? await tenantBaselines(q, now) : null;
  const found = q && !baselines && !search.invalid ? await listTenants(search.values) : null;

  return (
    <>
      <PageHeader
        title={baselines ? `Baselines · ${baselines.tenant.name}` : "Baselines"}
        description={
          <Link href="/anomalies" className="hover:underline">
            ← All anomalies
          </Link>
        }
        actions={
          baselines && (
            <Link href={`/tenants/${baselines.tenant.id}`} className={buttonClass("secondary")}>
              Tenant page
            </Link>
          )
        }
      />
      <Card className="mb-6">
        <form className="flex flex-wrap gap-2" role="search">
          <input
            name="tenant"
            defaultValue={q}
            placeholder="Tenant name or slug"
            aria-label="Tenant"
            className={`${inputBaseClass} w-72`}
          />
          <button type="submit" className={buttonClass("secondary")}>
            Show
          </button>
        </form>
        {search.invalid && (
          <p role="alert" className="mt-3 text-sm text-rose-600">
            {Object.values(search.invalid).flat()[0]}
          </p>
        )}
        {found && (
          <ul className="mt-3 divide-y divide-slate-100 text-sm dark:divide-slate-800">
            {found.rows.map((t) => (
              <li key={t.id} className="py-2">
                <Link
                  href={`/anomalies/baselines?tenant=${t.slug}`}
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
        {!q && (
          <p className="mt-3 text-sm text-slate-500">
            Find a tenant to see what each of its metrics is compared with.
          </p>
        )}
      </Card>
      {baselines && (
        <>
          <p className="mb-3 text-sm text-slate-500">
            Each metric&apos;s latest bucket against the baseline detection compares it with (cached per slot,
            recomputed about once a day). Times in your time zone; seasonal baselines use the tenant&apos;s (
            {baselines.tenant.timezone}).
          </p>
          <BaselinesTable
            rows={baselines.rows}
            muteAction={muteSeriesAction}
            unmuteAction={unmuteSeriesAction}
            defaultUntil={new Date(now.getTime() + 7 * DAY).toISOString().slice(0, 10)}
          />
        </>
      )}
    </>
  );
}
