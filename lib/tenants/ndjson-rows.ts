import { AppError } from "@/lib/errors";
import type { ImportRow } from "./import-tenants";

/** Tenants one request imports; more would make a response too large to read and a retry too costly. */
export const MAX_IMPORT_LINES = 10_000;
/** A tenant's line is a few hundred characters; far longer is not a tenant. */
export const MAX_LINE_CHARS = 4_096;
/** Every line at its longest, plus slack for blank lines: a body above this cannot be a valid import. */
export const MAX_IMPORT_BYTES = MAX_IMPORT_LINES * (MAX_LINE_CHARS + 1) + 1024 * 1024;

const NDJSON_TYPES = ["application/x-ndjson", "application/ndjson", "application/jsonl"];

/** 400 before reading anything when the body is not NDJSON or declares a length no import can have. */
export function assertNdjsonRequest(contentType: string | null, contentLength: string | null): void {
  const type = contentType?.split(";")[0].trim().toLowerCase() ?? "";
  if (!NDJSON_TYPES.includes(type))
    throw new AppError(
      "VALIDATION",
      "Send one tenant per line as NDJSON (Content-Type: application/x-ndjson).",
      {
        "content-type": ["Content-Type must be application/x-ndjson"],
      },
    );
  if (Number(contentLength ?? 0) > MAX_IMPORT_BYTES)
    throw new AppError(
      "VALIDATION",
      `The body is larger than an import of ${MAX_IMPORT_LINES.toLocaleString("en")} lines can be; split it into several requests.`,
    );
}

/** A stream's chunks as they arrive; leaving the loop early cancels the rest of the stream. */
async function* chunksOf(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
    done = true;
  } finally {
    if (!done) await reader.cancel();
    reader.releaseLock();
  }
}

function parseLine(line: number, text: string): ImportRow {
  try {
    return { line, value: JSON.parse(text) };
  } catch {
    return { line, errors: { _form: ["This line is not valid JSON"] } };
  }
}

/**
 * The lines of an NDJSON body as import rows, read as the body arrives: only the current chunk and
 * line are held. Lines are numbered from 1 as in the file; blank lines are skipped. A line longer than
 * MAX_LINE_CHARS is an error row without being kept. After MAX_IMPORT_LINES tenants the rest is read
 * (so the request's idempotency hash covers the whole body) but not imported, and one error row at
 * the first such line says how many lines were left out.
 */
export async function* ndjsonRows(
  body: ReadableStream<Uint8Array> | null,
  limits = { maxLines: MAX_IMPORT_LINES, maxLineChars: MAX_LINE_CHARS, maxBytes: MAX_IMPORT_BYTES },
): AsyncGenerator<ImportRow> {
  if (!body) return;
  const decoder = new TextDecoder();
  let pending = "";
  let lineNumber = 0;
  let tenants = 0;
  let overlong = false;
  let bytes = 0;
  const leftOut = { first: 0, count: 0, truncated: false };

  function* complete(text: string): Generator<ImportRow> {
    lineNumber++;
    const tooLong = overlong || text.length > limits.maxLineChars;
    overlong = false;
    if (!tooLong && text.trim() === "") return;
    if (tenants >= limits.maxLines) {
      leftOut.first ||= lineNumber;
      leftOut.count++;
      return;
    }
    tenants++;
    yield tooLong
      ? { line: lineNumber, errors: { _form: [`A line is at most ${limits.maxLineChars} characters`] } }
      : parseLine(lineNumber, text);
  }

  for await (const chunk of chunksOf(body)) {
    bytes += chunk.byteLength;
    if (bytes > limits.maxBytes) {
      leftOut.truncated = true;
      break;
    }
    pending += decoder.decode(chunk, { stream: true });
    let start = 0;
    for (let end = pending.indexOf("\n", start); end >= 0; end = pending.indexOf("\n", start)) {
      yield* complete(pending.slice(start, end).replace(/\r$/, ""));
      start = end + 1;
    }
    pending = pending.slice(start);
    // An overlong line is dropped as it arrives (and reported at its end), never held whole.
    if (pending.length > limits.maxLineChars) {
      overlong = true;
      pending = "";
    }
  }
  if (!leftOut.truncated) {
    pending += decoder.decode();
    if (pending !== "" || overlong) yield* complete(pending);
  }
  if (leftOut.count > 0 || leftOut.truncated)
    yield {
      line: leftOut.first || lineNumber + 1,
      errors: {
        _form: [
          leftOut.truncated
            ? `The body is larger than an import of ${limits.maxLines.toLocaleString("en")} lines can be; this line and the rest were not read`
            : `A request imports at most ${limits.maxLines.toLocaleString("en")} lines: this line and the ${(leftOut.count - 1).toLocaleString("en")} after it were not imported; send them in another request`,
        ],
      },
    };
}
