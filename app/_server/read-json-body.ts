import { AppError } from "@/lib/errors";

// Machine and dashboard bodies are small; anything near this is not one of ours.
const MAX_BODY_BYTES = 64 * 1024;

function refuseAbove(bytes: number, maxBytes: number): void {
  if (bytes > maxBytes) throw new AppError("VALIDATION", `The body must be at most ${maxBytes / 1024} kB.`);
}

/** The raw request body (signatures are computed over it), or a 400 when it is too large. */
export async function readBodyText(request: Request, maxBytes = MAX_BODY_BYTES): Promise<string> {
  refuseAbove(Number(request.headers.get("content-length") ?? 0), maxBytes);
  const text = await request.text();
  // A chunked body declares no length; it is measured once read.
  refuseAbove(Buffer.byteLength(text), maxBytes);
  return text;
}

export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("VALIDATION", "The body must be JSON.");
  }
}

/** The request body as JSON, or a 400 saying it is not JSON or too large. */
export async function readJsonBody(request: Request, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  return parseJson(await readBodyText(request, maxBytes));
}
