"use server";

import { runAction, type ActionResult } from "@/app/_server/run-action";
import { describeError } from "@/lib/errors";
import type { TenantCsvUpload, TenantImportPreview } from "@/lib/tenants/csv-import-schemas";
import { previewTenantImport } from "@/lib/tenants/preview-tenant-import";
import { assertCsvSize } from "@/lib/tenants/read-tenant-csv";
import { startTenantImport } from "@/lib/tenants/start-tenant-import";

/** The form's file as text; one too large is refused by its size, before it is read. */
async function uploadOf(formData: FormData): Promise<TenantCsvUpload | ActionResult<never>> {
  const file = formData.get("file");
  if (!(file instanceof File) || file.name === "") return { fileName: "", content: "" };
  try {
    assertCsvSize(file.size);
  } catch (error) {
    const { message, fields } = describeError(error);
    return { ok: false, error: message, fields };
  }
  return { fileName: file.name, content: await file.text() };
}

/** Dry run of the chosen CSV: what importing it would do, row by row. */
export async function previewTenantImportAction(
  formData: FormData,
): Promise<ActionResult<TenantImportPreview>> {
  const upload = await uploadOf(formData);
  if ("ok" in upload) return upload;
  return runAction(previewTenantImport, upload);
}

/** Stores the CSV and queues its import; the form then opens the import's progress page. */
export async function startTenantImportAction(formData: FormData): Promise<ActionResult<{ id: string }>> {
  const upload = await uploadOf(formData);
  if ("ok" in upload) return upload;
  return runAction(startTenantImport, upload);
}
