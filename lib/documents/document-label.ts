import type { TenantDocument } from "@/lib/generated/prisma/client";
import { DOCUMENT_TYPE_LABELS } from "./schemas";

/** "Certificate 'TLS wildcard 2026'", or the custom type's own name. */
export function documentLabel(document: Pick<TenantDocument, "type" | "customType" | "title">): string {
  const type =
    document.type === "custom" ? (document.customType ?? "Document") : DOCUMENT_TYPE_LABELS[document.type];
  return `${type} '${document.title}'`;
}
