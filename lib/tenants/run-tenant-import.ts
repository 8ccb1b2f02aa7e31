import { db, type Prisma } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { systemActor } from "@/lib/auth/actor";
import { AppError, isAppError } from "@/lib/errors";
import type { TenantImport } from "@/lib/generated/prisma/client";
import { MAX_SHOWN_ERRORS, type RowError } from "./csv-import-schemas";
import { IMPORT_BATCH_SIZE, importTenants } from "./import-tenants";
import { importRowOf, readTenantCsv } from "./read-tenant-csv";

type Counts = Pick<TenantImport, "processed" | "created" | "updated" | "failed"> & { errors: RowError[] };

/**
 * Who an import's changes are audited as: the owner who confirmed it, with the import as the request
 * id so its entries can be found together (Steward itself if that account is gone).
 */
async function importActor(record: TenantImport): Promise<Actor> {
  const requestId = `import:${record.id}`;
  const user = await db.user.findUnique({
    where: { id: record.createdById },
    select: { id: true, email: true, role: true },
  });
  if (!user) return { ...systemActor(requestId), requestId };
  return { kind: "user", id: user.id, label: user.email, role: user.role, requestId };
}

const fileError = (message: string): RowError => ({ row: 0, fields: { _form: [message] } });

/**
 * Runs a confirmed CSV import (the `import-tenants` job): upserts its rows by external id through
 * importTenants and records the counts and the first MAX_SHOWN_ERRORS refused rows as it goes, after
 * every batch. A run after a crash resumes after the rows recorded as processed; a batch committed
 * but not yet recorded is applied again, harmlessly (its rows are then unchanged). Ends `succeeded`
 * when every row was tried, `failed` when the file cannot be read or the last attempt stops short.
 * A finished import is left as it is, so a repeated job does nothing.
 */
export async function runTenantImport(
  importId: string,
  options: { finalAttempt?: boolean; onProgress?: (percent: number) => Promise<void> | void } = {},
): Promise<Omit<Counts, "errors"> & { status: TenantImport["status"] }> {
  const record = await db.tenantImport.findUnique({ where: { id: importId } });
  if (!record) throw new AppError("NOT_FOUND", `No tenant import with the id '${importId}'.`);
  const counts: Counts = {
    processed: record.processed,
    created: record.created,
    updated: record.updated,
    failed: record.failed,
    errors: record.errors as RowError[],
  };
  const summary = (status: TenantImport["status"]) => {
    const { errors: _errors, ...totals } = counts;
    return { status, ...totals };
  };
  if (record.status === "succeeded" || record.status === "failed") return summary(record.status);

  const save = (data: Omit<Prisma.TenantImportUpdateInput, keyof Counts> & { errors?: RowError[] } = {}) =>
    db.tenantImport.update({
      where: { id: importId },
      data: { ...counts, ...data, errors: (data.errors ?? counts.errors) as Prisma.InputJsonValue },
    });
  const finish = async (status: "succeeded" | "failed", errors?: RowError[]) => {
    await save({ status, finishedAt: new Date(), errors });
    return summary(status);
  };

  let csv: ReturnType<typeof readTenantCsv>;
  try {
    csv = readTenantCsv(record.content);
  } catch (error) {
    // Checked when it was confirmed, so only a change of the rules since can get here.
    if (isAppError(error)) await finish("failed", [fileError(error.message)]);
    throw error;
  }
  await save({ status: "running" });
  const actor = await importActor(record);
  const rows = csv.rows.slice(counts.processed).map((row) => importRowOf(csv.columns, row));
  let recorded = counts.processed;
  try {
    for await (const result of importTenants(actor, rows)) {
      counts.processed++;
      if (result.status === "created" || result.status === "updated") counts[result.status]++;
      if (result.status === "error") {
        counts.failed++;
        if (counts.errors.length < MAX_SHOWN_ERRORS)
          counts.errors.push({ row: result.line, fields: result.errors ?? {} });
      }
      // Results come after their batch committed, so what is recorded here is never ahead of the tenants.
      if (counts.processed - recorded >= IMPORT_BATCH_SIZE) {
        await save();
        recorded = counts.processed;
        await options.onProgress?.(Math.floor((100 * counts.processed) / record.total));
      }
    }
  } catch (error) {
    if (options.finalAttempt)
      await finish("failed", [
        ...counts.errors,
        fileError(
          `The import stopped after ${counts.processed.toLocaleString("en")} rows on an unexpected error; the rows before stay imported. Import the file again to finish it.`,
        ),
      ]).catch(() => undefined);
    else await save().catch(() => undefined);
    throw error;
  }
  return finish("succeeded");
}
