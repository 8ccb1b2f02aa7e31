import Link from "next/link";
import { Badge, TenantStatusBadge } from "@/components/ui/badge";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { documentLabel } from "@/lib/documents/document-label";
import { DOCUMENT_TYPE_LABELS } from "@/lib/documents/schemas";
import type { ListedDocument, MissingDocuments, TenantRef } from "@/lib/documents/queries";
import { DocumentFileLink } from "./document-file-link";
import { ExpiryBadge } from "./expiry-badge";

const head = (labels: string[]) =>
  labels.map((label) => (
    <th key={label} className={headCellClass}>
      {label}
    </th>
  ));
const empty = (rows: unknown[]) =>
  rows.length === 0 ? (
    <p className="p-8 text-center text-sm text-slate-500">Nothing matches these filters.</p>
  ) : undefined;

function TenantCell({ tenant }: { tenant: TenantRef }) {
  return (
    <td className={cellClass}>
      <Link
        href={`/tenants/${tenant.id}/health`}
        className="font-medium text-indigo-600 hover:underline dark:text-indigo-400"
      >
        {tenant.name}
      </Link>
      <span className="ml-2 text-xs text-slate-500">{tenant.slug}</span>
    </td>
  );
}

/** Documents across tenants, each row leading to its tenant's Health tab. */
export function DocumentsTable({ rows, warnWithin }: { rows: ListedDocument[]; warnWithin: number }) {
  return (
    <Table head={head(["Tenant", "Document", "Expires on", "Status", "File"])} empty={empty(rows)}>
      {rows.map((document) => (
        <tr key={document.id} data-testid="document-row">
          <TenantCell tenant={document.tenant} />
          <td className={cellClass}>
            {documentLabel(document)} {document.required && <Badge tone="blue">required</Badge>}
          </td>
          <td className={`${cellClass} tabular-nums`}>{document.expiresOn}</td>
          <td className={cellClass}>
            <ExpiryBadge document={document} warnWithin={warnWithin} />
          </td>
          <td className={cellClass}>
            <DocumentFileLink document={document} />
          </td>
        </tr>
      ))}
    </Table>
  );
}

/** Running tenants without a valid document of a required type. */
export function MissingDocumentsTable({ rows }: { rows: MissingDocuments[] }) {
  return (
    <Table head={head(["Tenant", "Status", "Missing"])} empty={empty(rows)}>
      {rows.map(({ tenant, missing }) => (
        <tr key={tenant.id} data-testid="missing-row">
          <TenantCell tenant={tenant} />
          <td className={cellClass}>
            <TenantStatusBadge status={tenant.status} />
          </td>
          <td className={cellClass}>
            <span className="flex gap-1">
              {missing.map((type) => (
                <Badge key={type} tone="red">
                  {DOCUMENT_TYPE_LABELS[type]}
                </Badge>
              ))}
            </span>
          </td>
        </tr>
      ))}
    </Table>
  );
}
