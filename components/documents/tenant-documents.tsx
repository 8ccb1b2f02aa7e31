import { Badge } from "@/components/ui/badge";
import { LocalTime } from "@/components/ui/local-time";
import type { CurrentDocument, DocumentSummary } from "@/lib/documents/queries";
import { documentLabel } from "@/lib/documents/document-label";
import type { FileLimits } from "./document-fields";
import { DocumentFileLink } from "./document-file-link";
import { DocumentRenewForm } from "./document-renew-form";
import { ExpiryBadge } from "./expiry-badge";

function Version({ document, warnWithin }: { document: DocumentSummary; warnWithin: number }) {
  return (
    <span className="flex flex-wrap items-center gap-x-3 gap-y-1">
      <ExpiryBadge document={document} warnWithin={warnWithin} />
      <span>
        expires on <span className="tabular-nums">{document.expiresOn}</span>
      </span>
      <DocumentFileLink document={document} />
    </span>
  );
}

function Warnings({ warnings }: { warnings: CurrentDocument["warnings"] }) {
  if (warnings.length === 0) return <p className="text-xs text-slate-500">No warning sent yet.</p>;
  return (
    <ul className="space-y-0.5 text-xs text-slate-600 dark:text-slate-400" aria-label="Warnings sent">
      {warnings.map((w) => (
        <li key={w.offsetDays} data-testid="document-warning">
          {w.offsetDays}-day warning sent <LocalTime value={w.sentAt} /> ({w.daysLeft} days left) ·{" "}
          {w.closedAt ? (
            <>
              closed <LocalTime value={w.closedAt} />
            </>
          ) : (
            "open"
          )}
        </li>
      ))}
    </ul>
  );
}

/** The tenant's current documents: where each stands, its warnings, its earlier versions and a renewal form. */
export function TenantDocuments({
  documents,
  warnWithin,
  limits,
}: {
  documents: CurrentDocument[];
  warnWithin: number;
  limits: FileLimits;
}) {
  if (documents.length === 0) return <p className="text-sm text-slate-500">No documents recorded yet.</p>;
  return (
    <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800">
      {documents.map((document) => (
        <li key={document.id} className="space-y-2 py-3" data-testid="document">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <span className="font-medium">{documentLabel(document)}</span>
            {document.required && <Badge tone="blue">required</Badge>}
            <Version document={document} warnWithin={warnWithin} />
          </div>
          {document.notes && <p className="text-slate-600 dark:text-slate-400">{document.notes}</p>}
          <Warnings warnings={document.warnings} />
          {document.history.length > 0 && (
            <div data-testid="document-history">
              <p className="text-xs font-medium uppercase tracking-wide text-slate-500">Earlier versions</p>
              <ul className="mt-1 space-y-1 text-xs">
                {document.history.map((previous) => (
                  <li key={previous.id} className="flex flex-wrap items-center gap-x-3">
                    <span>{previous.title}</span>
                    <Version document={previous} warnWithin={warnWithin} />
                  </li>
                ))}
              </ul>
            </div>
          )}
          <details>
            <summary className="cursor-pointer text-indigo-600 dark:text-indigo-400">Renew…</summary>
            <div className="mt-3 max-w-md">
              <DocumentRenewForm
                documentId={document.id}
                title={document.title}
                label={documentLabel(document)}
                limits={limits}
              />
            </div>
          </details>
        </li>
      ))}
    </ul>
  );
}
