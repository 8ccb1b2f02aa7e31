import { requirePageActor } from "@/app/_server/session";
import { hygieneThresholds } from "@/lib/api-keys/hygiene";
import { listApiKeys } from "@/lib/api-keys/queries";
import { ROTATION_GRACE_HOURS } from "@/lib/api-keys/schemas";
import { API_KEY_SCOPES } from "@/lib/api-keys/scopes";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { CreateApiKeyForm } from "@/components/settings/create-api-key-form";
import { RevokeApiKeyButton } from "@/components/settings/revoke-api-key-button";
import { RotateApiKeyForm } from "@/components/settings/rotate-api-key-form";
import { createApiKeyAction, revokeApiKeyAction, rotateApiKeyAction } from "./actions";
import { LocalTime } from "@/components/ui/local-time";

export const metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  await requirePageActor(["OWNER"]);
  const keys = await listApiKeys(new Date());
  const { unusedDays, maxAgeDays } = hygieneThresholds();
  const flagged = keys.filter((k) => k.flags.length > 0).length;
  return (
    <>
      <PageHeader
        title="API keys"
        description={
          <>
            Machines call <code>/api/v1</code> with <code>Authorization: Bearer &lt;key&gt;</code>.
          </>
        }
      />
      <p
        role="note"
        className={`mb-6 rounded-md border px-3 py-2 text-sm ${flagged ? "border-amber-200 bg-amber-50 text-amber-800 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-300" : "border-slate-200 text-slate-600 dark:border-slate-800 dark:text-slate-400"}`}
      >
        {flagged === 0 ? "No key is flagged" : `${flagged} ${flagged === 1 ? "key is" : "keys are"} flagged`}:
        a key is flagged when it was not used for {unusedDays} days (never used: {unusedDays} days after its
        creation) or was created {maxAgeDays} days ago or more. Owners get a digest of flagged keys on
        Mondays.
      </p>
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <Table
            stickyActions
            head={["Name", "Prefix", "Scopes", "Last used", "Created", ""].map((h) => (
              <th key={h} className={headCellClass}>
                {h}
              </th>
            ))}
            empty={
              keys.length === 0 ? (
                <p className="p-8 text-center text-sm text-slate-500">No API keys yet.</p>
              ) : undefined
            }
          >
            {keys.map((k) => (
              <tr key={k.id} className={k.state === "revoked" ? "opacity-60" : undefined}>
                <td className={cellClass}>
                  <div>
                    {k.name} {k.state === "revoked" && <Badge tone="red">revoked</Badge>}
                  </div>
                  {k.flags.map((flag) => (
                    <Badge key={flag} tone="amber">
                      {flag}
                    </Badge>
                  ))}
                  {k.state === "grace" && (
                    <p className="text-xs text-slate-500">
                      <Badge tone="blue">rotated</Badge> → <code>stw_{k.rotatedTo?.prefix}_…</code>, stops
                      working at <LocalTime value={k.revokedAt} />
                    </p>
                  )}
                </td>
                <td className={`${cellClass} font-mono text-xs`}>stw_{k.prefix}_…</td>
                <td className={cellClass}>
                  {k.scopes.map((s) => (
                    <Badge key={s}>{s}</Badge>
                  ))}
                </td>
                <td className={`${cellClass} text-slate-500`}>
                  <LocalTime value={k.lastUsedAt} />
                </td>
                <td className={`${cellClass} text-slate-500`}>
                  <LocalTime value={k.createdAt} /> by {k.createdBy.email}
                </td>
                <td className={`${cellClass} text-right`}>
                  {/* Rendered on every row, so a secret just made by rotating without grace stays shown once the row turns revoked. */}
                  <div className="flex flex-col items-end gap-2">
                    <RotateApiKeyForm
                      id={k.id}
                      rotatable={k.state === "active"}
                      graces={ROTATION_GRACE_HOURS}
                      action={rotateApiKeyAction}
                    />
                    {k.state !== "revoked" && <RevokeApiKeyButton id={k.id} action={revokeApiKeyAction} />}
                  </div>
                </td>
              </tr>
            ))}
          </Table>
        </div>
        <Card title="Create a key">
          <CreateApiKeyForm action={createApiKeyAction} scopes={API_KEY_SCOPES} />
        </Card>
      </div>
    </>
  );
}
