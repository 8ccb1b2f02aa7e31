import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";

/** The kinds of file a tenant document may be, each recognised by its first bytes, not only its name. */
const FILE_KINDS = [
  {
    extensions: ["pdf"],
    contentType: "application/pdf",
    label: "PDF",
    matches: (head: Buffer) => head.subarray(0, 5).toString("latin1") === "%PDF-",
  },
  {
    extensions: ["png"],
    contentType: "image/png",
    label: "PNG",
    matches: (head: Buffer) =>
      head.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  },
  {
    extensions: ["jpg", "jpeg"],
    contentType: "image/jpeg",
    label: "JPEG",
    matches: (head: Buffer) => head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff,
  },
  {
    extensions: ["pem", "crt", "cer"],
    contentType: "application/x-pem-file",
    label: "PEM certificate",
    matches: (head: Buffer) => head.subarray(0, 64).toString("latin1").trimStart().startsWith("-----BEGIN "),
  },
] as const;

export const ACCEPTED_FILE_TYPES = FILE_KINDS.map((k) => k.extensions.map((e) => `.${e}`).join(",")).join(
  ",",
);
const ACCEPTED_LABELS = FILE_KINDS.map((k) => k.label).join(", ");

export type StoredFile = {
  fileName: string;
  storagePath: string;
  contentType: string;
  sizeBytes: number;
  sha256: string;
};

const refuse = (message: string) => new AppError("VALIDATION", message, { file: [message] });

function formatBytes(bytes: number): string {
  if (bytes < 1_024) return `${bytes} bytes`;
  const [value, unit] = bytes < 1_048_576 ? [bytes / 1_024, "KB"] : [bytes / 1_048_576, "MB"];
  return `${value.toFixed(1).replace(/\.0$/, "")} ${unit}`;
}

export function documentsRoot(): string {
  return resolve(env().STEWARD_DOCUMENTS_DIR);
}

/**
 * A file name as the uploader's system gave it, refused when it tries to name a place rather than a
 * file (separators, "..", control characters): it is only ever shown and offered back on download,
 * never used as a path, but such a name is an attack or a broken client either way.
 */
function checkedFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  if (/[/\\]|\.\.|[\u0000-\u001f\u007f]/.test(name))
    throw refuse("The file name must not contain path separators, '..' or control characters.");
  // Direction overrides make "invoice\u202Efdp.exe" read as "invoiceexe.pdf" wherever it is shown.
  if (/[\u200e\u200f\u202a-\u202e\u2066-\u2069]/.test(name))
    throw refuse("The file name must not contain text direction characters.");
  const trimmed = name.trim();
  if (trimmed === "" || trimmed.length > 200) throw refuse("The file name must have 1 to 200 characters.");
  return trimmed;
}

/** Refuses a size over the limit before anything is read (a Content-Length, or a File's size). */
export function assertFileSize(sizeBytes: number): void {
  const limit = env().DOCUMENT_MAX_BYTES;
  if (sizeBytes > limit)
    throw refuse(`The file is ${formatBytes(sizeBytes)}; the limit is ${formatBytes(limit)}.`);
}

/** Name, size and content checked, in that order; nothing is written until all three pass. */
export async function inspectUpload(
  file: File,
): Promise<{ fileName: string; contentType: string; extension: string; bytes: Buffer }> {
  const fileName = checkedFileName(file.name);
  assertFileSize(file.size);
  if (file.size === 0) throw refuse("The file is empty.");
  const extension = fileName.includes(".") ? fileName.slice(fileName.lastIndexOf(".") + 1).toLowerCase() : "";
  const kind = FILE_KINDS.find((k) => (k.extensions as readonly string[]).includes(extension));
  if (!kind)
    throw refuse(
      `Only ${ACCEPTED_LABELS} files are accepted${extension ? ` (not .${extension})` : " (the name has no extension)"}.`,
    );
  const bytes = Buffer.from(await file.arrayBuffer());
  // The size a client declares is only a claim; the bytes received decide.
  assertFileSize(bytes.length);
  if (!kind.matches(bytes))
    throw refuse(`The file's content is not a ${kind.label}, although its name ends in .${extension}.`);
  return { fileName, contentType: kind.contentType, extension, bytes };
}

/** An absolute path under the documents root, or an error: a stored path never leads outside it. */
function insideRoot(storagePath: string): string {
  const root = documentsRoot();
  const absolute = resolve(root, storagePath);
  const rel = relative(root, absolute);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel) || rel.split(sep).includes(".."))
    throw new AppError("VALIDATION", "Invalid document path.");
  return absolute;
}

/**
 * Writes a document's file as <tenant id>/<document id>.<ext> under the documents root: a temporary
 * name first, renamed once complete, so a crash never leaves half a file under the real name.
 */
export async function storeDocumentFile(
  tenantId: string,
  documentId: string,
  upload: Awaited<ReturnType<typeof inspectUpload>>,
): Promise<StoredFile> {
  const storagePath = `${tenantId}/${documentId}.${upload.extension}`;
  const absolute = insideRoot(storagePath);
  await mkdir(dirname(absolute), { recursive: true });
  const temporary = `${absolute}.${randomBytes(6).toString("hex")}.part`;
  await writeFile(temporary, upload.bytes, { flag: "wx", mode: 0o640 });
  await rename(temporary, absolute);
  return {
    fileName: upload.fileName,
    storagePath,
    contentType: upload.contentType,
    sizeBytes: upload.bytes.length,
    sha256: createHash("sha256").update(upload.bytes).digest("hex"),
  };
}

export async function readDocumentFile(storagePath: string): Promise<Buffer> {
  try {
    return await readFile(insideRoot(storagePath));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT")
      throw new AppError("NOT_FOUND", "The document's file is missing from storage.");
    throw error;
  }
}

/** Removes a file whose database row was never written (the transaction failed). */
export async function removeDocumentFile(storagePath: string): Promise<void> {
  await rm(insideRoot(storagePath), { force: true });
}
