import Link from "next/link";
import { expiringWithinDays, getTenantDocuments } from "@/lib/documents/queries";
import { documentLabel } from "@/lib/documents/document-label";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { ExpiryBadge } from "@/components/documents/expiry-badge";
import { sectionLinkClass } from "./link-class";

/** The tenant's current documents and where each stands; uploads and renewals are on the Health tab. */
export async function DocumentsSection({ tenantId }: { tenantId: string }) {
  const documents = await getTenantDocuments(tenantId);
  const warnWithin = expiringWithinDays();
  return (
    <Card
      title="Documents"
      actions={
        <Link href={`/tenants/${tenantId}/health`} className={`text-xs ${sectionLinkClass}`}>
          Upload or renew
        </Link>
      }
    >
      {documents.length === 0 ? (
        <p className="text-sm text-slate-500">No documents recorded yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
          {documents.map((document) => (
            <li
              key={document.id}
              className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5"
              data-testid="tenant-document"
            >
              <span className="font-medium">{documentLabel(document)}</span>
              {document.required && <Badge tone="blue">required</Badge>}
              <ExpiryBadge document={document} warnWithin={warnWithin} />
              <span className="ml-auto text-xs text-slate-500">valid until {document.expiresOn}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
