// GET /api/documents/:id/file: a document's stored file as an attachment (owners only); 404 when it has none.
import { idParams, sessionRoute } from "@/app/_server/route";
import { getDocumentFileOrThrow } from "@/lib/documents/queries";
import { readDocumentFile } from "@/lib/documents/storage";

/**
 * The original name offered back safely: an ASCII fallback without quotes or backslashes, and the
 * exact name as RFC 5987 `filename*` (encodeURIComponent leaves ' ( ) * unescaped, which it must not).
 */
function attachment(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, "_");
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

export const GET = sessionRoute(
  ["OWNER"],
  async (_request, _actor, { id }) => {
    const file = await getDocumentFileOrThrow(id);
    const bytes = await readDocumentFile(file.storagePath);
    return new Response(new Uint8Array(bytes), {
      headers: {
        "Content-Type": file.contentType,
        "Content-Length": String(bytes.length),
        "Content-Disposition": attachment(file.fileName),
        "X-Content-Type-Options": "nosniff",
        // Contracts and certificates: never kept by a shared cache.
        "Cache-Control": "private, no-store",
      },
    });
  },
  { params: idParams },
);
