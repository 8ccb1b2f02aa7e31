import { AppError } from "@/lib/errors";
import { env } from "@/lib/env";
import { assertFileSize } from "@/lib/documents/storage";

// The text fields and multipart boundaries around the file; a body larger than the file limit plus this is refused.
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** The body read up to `limit` bytes: a chunked body declares no length, so it is counted as it arrives. */
async function readLimited(request: Request, limit: number): Promise<Buffer> {
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let received = 0;
  for (;;) {
    const read = await reader?.read();
    if (!read || read.done) return Buffer.concat(chunks);
    received += read.value.length;
    if (received > limit) {
      await reader!.cancel();
      assertFileSize(received);
    }
    chunks.push(read.value);
  }
}

/**
 * A document form posted as multipart/form-data: its text fields and its file, if any. A body
 * declared or found too large is refused with the file size message before it is parsed.
 */
export async function readDocumentForm(request: Request): Promise<Record<string, FormDataEntryValue>> {
  const limit = env().DOCUMENT_MAX_BYTES + FORM_OVERHEAD_BYTES;
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > limit) assertFileSize(declared);
  const body = await readLimited(request, limit);
  try {
    const form = await new Response(new Uint8Array(body), {
      headers: { "content-type": request.headers.get("content-type") ?? "" },
    }).formData();
    return Object.fromEntries(form.entries());
  } catch {
    throw new AppError("VALIDATION", "Send the document as multipart/form-data.");
  }
}
