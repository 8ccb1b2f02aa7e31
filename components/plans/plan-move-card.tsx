import { Card } from "@/components/ui/card";
import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { formatMoney } from "@/lib/billing/format";
import type { PlanMovePreview } from "@/lib/plans/move-plan-tenants";

/** What moving the plan's tenants to its current version changes, and the button that does it. */
export function PlanMoveCard({
  preview,
  currency,
  action,
}: {
  preview: PlanMovePreview;
  currency: string;
  action: FormAction<{ key: string; moved: number }>;
}) {
  return (
    <Card title={`Move tenants to version ${preview.toVersion}`}>
      {preview.tenants === 0 ? (
        <p className="text-sm text-slate-500">Every tenant of this plan is on version {preview.toVersion}.</p>
      ) : (
        <div className="space-y-3 text-sm">
          <ul data-testid="move-preview" className="space-y-1">
            {preview.fromVersions.map((v) => (
              <li key={v.version}>
                Version {v.version}: {v.tenants} tenant{v.tenants === 1 ? "" : "s"}, MRR{" "}
                {formatMoney(v.mrrBeforeMinor, currency)} → {formatMoney(v.mrrAfterMinor, currency)}
              </li>
            ))}
          </ul>
          <p>
            {preview.tenants} tenant{preview.tenants === 1 ? "" : "s"} move; MRR changes by{" "}
            <strong>{formatMoney(preview.mrrDeltaMinor, currency)}</strong> a month.
          </p>
          <ActionForm
            action={action}
            hidden={{ key: preview.key, expectedTenants: String(preview.tenants) }}
            submit={`Move ${preview.tenants} tenant${preview.tenants === 1 ? "" : "s"}`}
          />
        </div>
      )}
    </Card>
  );
}
