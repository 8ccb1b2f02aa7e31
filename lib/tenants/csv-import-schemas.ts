// What the Tenants page's CSV import takes and shows: the uploaded file, a dry run's preview and an
// import's progress.
import { z } from "zod";
import type { FieldErrors } from "@/lib/errors";
import type { TenantImportStatus } from "@/lib/generated/prisma/enums";
import type { ImportLineResult } from "./import-tenants";

/** A CSV as uploaded; readTenantCsv judges the content (size, header, rows) with messages for the owner. */
export const tenantCsvUploadSchema = z.object({
  fileName: z
    .string({ error: "Choose a CSV file" })
    .trim()
    .min(1, "Choose a CSV file")
    .max(255, "The file name is at most 255 characters"),
  content: z.string({ error: "Choose a CSV file" }),
});

export type TenantCsvUpload = z.output<typeof tenantCsvUploadSchema>;

export const tenantImportRefSchema = z.object({
  id: z.string().trim().min(1, "Name an import").max(100, "No import has so long an id"),
});

/** A row the import refused, with the messages per field. Row 0 stands for the file as a whole. */
export type RowError = { row: number; fields: FieldErrors };

/** What an import of the file would do, as found by a dry run. */
export type TenantImportPreview = {
  fileName: string;
  columns: string[];
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** The first MAX_SHOWN_ERRORS refused rows (`failed` counts them all). */
  errors: RowError[];
  /** The first rows as in the file, with what the import would do to each. */
  sample: { row: number; status: ImportLineResult["status"]; cells: string[] }[];
};

/** An import as the progress page polls it (the CSV itself stays on the server). */
export type TenantImportProgress = {
  id: string;
  fileName: string;
  status: TenantImportStatus;
  total: number;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: RowError[];
  createdAt: string;
  finishedAt: string | null;
};

/** Refused rows kept on an import and shown by a preview; `failed` counts them all. */
export const MAX_SHOWN_ERRORS = 500;
