import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import {
  MAX_SHOWN_ERRORS,
  tenantCsvUploadSchema,
  type TenantCsvUpload,
  type TenantImportPreview,
} from "./csv-import-schemas";
import { importTenants, importTotals, type ImportLineResult } from "./import-tenants";
import { importRowOf, readTenantCsv } from "./read-tenant-csv";
import { applyTenantSync } from "./sync-tenants";

/** Rows shown as they are in the file, beside what the import would do to each. */
const SAMPLE_ROWS = 10;

// 10,000 rows take a few seconds to apply; the wait bounds how long a busy pool may delay the preview.
const DRY_RUN_TRANSACTION = { maxWait: 10_000, timeout: 120_000 };

/** Thrown at the end of a dry run so its transaction rolls back. */
class DryRunDone extends Error {}

/**
 * What importing the CSV would do, found by doing it: the rows go through importTenants (the same
 * schema, batches, slug and external-id lookups as the real import) inside one transaction that is
 * then rolled back, so nothing is written and later rows see earlier ones as the import will.
 */
export async function previewTenantCsv(
  actor: Actor,
  { fileName, content }: TenantCsvUpload,
): Promise<TenantImportPreview> {
  const csv = readTenantCsv(content);
  const rows = csv.rows.map((row) => importRowOf(csv.columns, row));
  const results: ImportLineResult[] = [];
  try {
    await db.$transaction(async (tx) => {
      const apply = (inputs: Parameters<typeof applyTenantSync>[2]) =>
        applyTenantSync(tx, actor, inputs, "upsert");
      for await (const result of importTenants(actor, rows, { apply })) results.push(result);
      throw new DryRunDone();
    }, DRY_RUN_TRANSACTION);
  } catch (error) {
    if (!(error instanceof DryRunDone)) throw concurrentChangeOr(error);
  }
  const totals = importTotals(results);
  return {
    fileName,
    columns: csv.columns,
    rows: totals.lines,
    created: totals.created,
    updated: totals.updated,
    unchanged: totals.unchanged,
    failed: totals.errors,
    errors: results
      .filter((result) => result.status === "error")
      .slice(0, MAX_SHOWN_ERRORS)
      .map((result) => ({ row: result.line, fields: result.errors ?? {} })),
    sample: csv.rows
      .slice(0, SAMPLE_ROWS)
      .map((row, i) => ({ row: row.row, status: results[i].status, cells: row.cells })),
  };
}

type PrismaFailure = {
  code?: unknown;
  meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
};

// A unique violation from a Prisma call (P2002) or from raw SQL (P2010 carrying PostgreSQL's 23505).
const isUniqueViolation = (error: unknown) =>
  (error as PrismaFailure)?.code === "P2002" ||
  (error as PrismaFailure)?.meta?.driverAdapterError?.cause?.originalCode === "23505";

// Another writer took a slug or an external id while the dry run held it: the import itself would
// cope (it retries row by row), the dry run is simply out of date.
function concurrentChangeOr(error: unknown): unknown {
  if (!isUniqueViolation(error)) return error;
  return new AppError("CONFLICT", "Tenants changed while the preview ran; preview the file again.");
}

/** The Tenants page's dry run of a CSV import (owners only). */
export const previewTenantImport = defineAction({
  name: "tenants.previewImport",
  roles: ["OWNER"],
  input: tenantCsvUploadSchema,
  run: (actor, input) => previewTenantCsv(actor, input),
});
