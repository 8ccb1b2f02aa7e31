import { requirePageActor } from "@/app/_server/session";
import { listApiKeys } from "@/lib/api-keys/queries";
import { API_KEY_SCOPES } from "@/lib/api-keys/scopes";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { CreateApiKeyForm } from "@/components/settings/create-api-key-form";
import { RevokeApiKeyButton } from "@/components/settings/revoke-api-key-button";
import { createApiKeyAction, revokeApiKeyAction } from "./actions";
import { LocalTime } from "@/components/ui/local-time";

export const metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  await requirePageActor(["OWNER"]);
  const keys = await listApiKeys();
  return (
    <>
      <PageHeader title="API keys" description={<>Machines call <code>/api/v1</code> with <code>Authorization: Bearer &lt;key&gt;</code>.</>} />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <Table
            head={["Name", "Prefix", "Scopes", "Last used", "Created", ""].map((h) => <th key={h} className={headCellClass}>{h}</th>)}
            empty={keys.length === 0 ? <p className="p-8 text-center text-sm text-slate-500">No API keys yet.</p> : undefined}
          >
            {keys.map((k) => (
              <tr key={k.id} className={k.revokedAt ? "opacity-60" : undefined}>
                <td className={cellClass}>{k.name} {k.revokedAt && <Badge tone="red">revoked</Badge>}</td>
                <td className={`${cellClass} font-mono text-xs`}>stw_{k.prefix}_…</td>
                <td className={cellClass}>{k.scopes.map((s) => <Badge key={s}>{s}</Badge>)}</td>
                <td className={`${cellClass} text-slate-500`}><LocalTime value={k.lastUsedAt} /></td>
                <td className={`${cellClass} text-slate-500`}><LocalTime value={k.createdAt} /> by {k.createdBy.email}</td>
                <td className={`${cellClass} text-right`}>{!k.revokedAt && <RevokeApiKeyButton id={k.id} action={revokeApiKeyAction} />}</td>
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
