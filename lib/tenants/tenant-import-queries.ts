import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { RowError, TenantImportProgress } from "./csv-import-schemas";

// Everything but the CSV itself, which may be megabytes and is only read by the worker.
const progressColumns = {
  id: true,
  fileName: true,
  status: true,
  total: true,
  processed: true,
  created: true,
  updated: true,
  failed: true,
  errors: true,
  createdAt: true,
  finishedAt: true,
} as const;

function toProgress(row: {
  id: string;
  fileName: string;
  status: TenantImportProgress["status"];
  total: number;
  processed: number;
  created: number;
  updated: number;
  failed: number;
  errors: unknown;
  createdAt: Date;
  finishedAt: Date | null;
}): TenantImportProgress {
  return {
    ...row,
    // Rows that changed nothing are not counted on their own: they are what the others leave.
    unchanged: row.processed - row.created - row.updated - row.failed,
    errors: (row.errors ?? []) as RowError[],
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** One import as its progress page shows it. */
export async function getTenantImportProgress(id: string): Promise<TenantImportProgress> {
  const row = await db.tenantImport.findUnique({ where: { id }, select: progressColumns });
  if (!row) throw new AppError("NOT_FOUND", "No import with that id.");
  return toProgress(row);
}

/** The latest imports, newest first, for the import page's history. */
export async function listRecentTenantImports(take = 10): Promise<TenantImportProgress[]> {
  const rows = await db.tenantImport.findMany({
    orderBy: { createdAt: "desc" },
    take,
    select: { ...progressColumns, errors: false },
  });
  return rows.map((row) => toProgress({ ...row, errors: [] }));
}
