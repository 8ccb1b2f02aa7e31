import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/enqueue";
import { logger } from "@/lib/logger";
import { tenantCsvUploadSchema } from "./csv-import-schemas";
import { readTenantCsv } from "./read-tenant-csv";

/** One job per import: queuing it twice (a retried confirm) runs it once. */
export const tenantImportJobId = (importId: string) => `import-tenants-${importId}`;

/**
 * Confirms a CSV import (owners): the file is checked again (a confirm may come without a preview),
 * stored with its row count and queued; the worker imports it (runTenantImport). Returns the
 * import's id for its progress page.
 */
export const startTenantImport = defineAction({
  name: "tenants.startImport",
  roles: ["OWNER"],
  input: tenantCsvUploadSchema,
  async run(actor, { fileName, content }) {
    const { rows } = readTenantCsv(content);
    const created = await db.$transaction(async (tx) => {
      const record = await tx.tenantImport.create({
        data: { fileName, content, total: rows.length, createdById: actor.id ?? actor.label },
      });
      await recordAudit(tx, actor, {
        action: "tenant_import.started",
        entityType: "tenant_import",
        entityId: record.id,
        after: { fileName, rows: rows.length },
      });
      return record;
    });
    try {
      await enqueue("import-tenants", { importId: created.id }, { jobId: tenantImportJobId(created.id) });
    } catch (error) {
      logger.error({ importId: created.id, err: (error as Error).message }, "tenant import not queued");
      await db.tenantImport.update({
        where: { id: created.id },
        data: {
          status: "failed",
          finishedAt: new Date(),
          errors: [{ row: 0, fields: { _form: ["The import could not be queued; start it again."] } }],
        },
      });
      throw new AppError(
        "UNAVAILABLE",
        "The import could not be queued (the queue did not answer); try again.",
      );
    }
    return { id: created.id };
  },
});
