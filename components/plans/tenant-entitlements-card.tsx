import { computeEntitlements } from "@/lib/plans/entitlements";
import { listEntitlementOverrides } from "@/lib/plans/queries";
import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { OverrideForm } from "./override-form";

/**
 * What the tenant may use (its plan version with overrides applied, as the entitlements API
 * answers), its overrides (ended ones greyed), and a form for a new one.
 */
export async function TenantEntitlementsCard({
  tenantId,
  setOverride,
  removeOverride,
}: {
  tenantId: string;
  setOverride: FormAction;
  removeOverride: FormAction;
}) {
  const now = new Date();
  const [entitlements, overrides] = await Promise.all([
    computeEntitlements(tenantId, now),
    listEntitlementOverrides(tenantId),
  ]);
  if (!entitlements) return null;
  const overridden = new Set(entitlements.overrides.map((o) => o.key));
  return (
    <Card title={`Entitlements: ${entitlements.plan_name} v${entitlements.version}`} className="mt-6">
      <div className="grid gap-6 lg:grid-cols-2">
        <div className="space-y-3 text-sm">
          <dl className="grid grid-cols-2 gap-x-4 gap-y-1" data-testid="entitlement-limits">
            {Object.entries(entitlements.limits).map(([key, value]) => (
              <div key={key} className="contents">
                <dt className="text-slate-500">{key}</dt>
                <dd className="tabular-nums">
                  {value.toLocaleString("en-US")} {overridden.has(key) && <Badge tone="blue">override</Badge>}
                </dd>
              </div>
            ))}
          </dl>
          <p>
            <span className="text-slate-500">Features: </span>
            {entitlements.features.length > 0 ? entitlements.features.join(", ") : "none"}
          </p>
          {overrides.length > 0 && (
            <ul className="space-y-2" aria-label="Overrides">
              {overrides.map((o) => {
                const ended = o.endsAt !== null && o.endsAt <= now;
                return (
                  <li
                    key={o.id}
                    className={`flex items-start justify-between gap-3 ${ended ? "opacity-60" : ""}`}
                  >
                    <div>
                      <p className="font-medium">
                        {o.key}: {o.limit ?? (o.enabled ? "granted" : "withdrawn")}
                      </p>
                      <p className="text-xs text-slate-500">
                        {o.reason}
                        {o.endsAt && (
                          <>
                            {" "}
                            · {ended ? "ended" : "until"} <LocalTime value={o.endsAt} />
                          </>
                        )}
                      </p>
                    </div>
                    <ActionForm
                      action={removeOverride}
                      hidden={{ tenantId, key: o.key }}
                      submit="Remove"
                      variant="secondary"
                      className=""
                    />
                  </li>
                );
              })}
            </ul>
          )}
        </div>
        <OverrideForm tenantId={tenantId} action={setOverride} />
      </div>
    </Card>
  );
}
