"use server";

import { serverAction } from "@/app/_server/server-action";
import type { TenantCsvUpload } from "@/lib/tenants/csv-import-schemas";
import { previewTenantImport } from "@/lib/tenants/preview-tenant-import";
import { assertCsvSize } from "@/lib/tenants/read-tenant-csv";
import { startTenantImport } from "@/lib/tenants/start-tenant-import";

/** The form's file as text; one too large is refused by its size, before it is read. */
async function uploadOf(form: FormData): Promise<TenantCsvUpload> {
  const file = form.get("file");
  if (!(file instanceof File) || file.name === "") return { fileName: "", content: "" };
  assertCsvSize(file.size);
  return { fileName: file.name, content: await file.text() };
}

/** Dry run of the chosen CSV: what importing it would do, row by row. */
export const previewTenantImportAction = serverAction(previewTenantImport, { fromForm: uploadOf });

/** Stores the CSV and queues its import; the form then opens the import's progress page. */
export const startTenantImportAction = serverAction(startTenantImport, { fromForm: uploadOf });
