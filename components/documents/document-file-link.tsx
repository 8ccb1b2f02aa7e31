import type { DocumentSummary } from "@/lib/documents/queries";

/** A download link to the document's stored file, or a note that only its details were recorded. */
export function DocumentFileLink({ document }: { document: Pick<DocumentSummary, "id" | "fileName"> }) {
  if (!document.fileName) return <span className="text-slate-500">metadata only</span>;
  return (
    <a
      href={`/api/documents/${document.id}/file`}
      className="text-indigo-600 hover:underline dark:text-indigo-400"
      download
    >
      {document.fileName}
    </a>
  );
}
