import { z } from "zod";
import { isoDay } from "@/lib/utc-day";
import { DocumentType } from "@/lib/generated/prisma/enums";

export const DOCUMENT_TYPE_LABELS: Record<DocumentType, string> = {
  contract: "Contract",
  certificate: "Certificate",
  licence: "Licence",
  dpa: "Data processing agreement",
  payment_mandate: "Payment mandate",
  custom: "Custom",
};

/** A checkbox posts "on" when ticked and nothing otherwise; an API client may send a boolean. */
const checkbox = z.preprocess((v) => v === "on" || v === "true" || v === true, z.boolean());

const today = () => isoDay(new Date());

/** A document is recorded to be kept valid: an expiry date already past would only raise its expiry at the next check. */
const expiresOn = z.iso
  .date({ error: "Enter the expiry date as YYYY-MM-DD", abort: true })
  .refine((day) => day >= today(), {
    message: "The expiry date is in the past; enter the last day the document is valid",
    abort: true,
  })
  .refine((day) => day <= "2100-12-31", "The expiry date must be before 2101");

/** An uploaded file as the web platform hands it over; its name, size and bytes are checked by storage. */
export const uploadedFile = z
  .instanceof(File)
  .optional()
  // A form without a chosen file still posts an empty, nameless part.
  .transform((file) => (file && (file.size > 0 || file.name !== "") ? file : undefined));

export const documentFieldsSchema = z.object({
  title: z
    .string()
    .trim()
    .min(2, "Give the document a title of at least 2 characters")
    .max(200, "Keep the title under 200 characters"),
  expiresOn,
  notes: z.string().trim().max(2_000, "Keep the notes under 2,000 characters").default(""),
  file: uploadedFile,
});

export const uploadDocumentSchema = documentFieldsSchema
  .extend({
    tenantId: z.string().min(1),
    type: z.enum(DocumentType, { error: "Choose a document type" }),
    customType: z.string().trim().max(80, "Keep the type's name under 80 characters").optional(),
    required: checkbox,
  })
  .refine((d) => d.type !== "custom" || (d.customType?.length ?? 0) >= 2, {
    message: "Name the custom type (at least 2 characters)",
    path: ["customType"],
  });

/** A renewal keeps the type and whether it is required; the title may change (a new contract number). */
export const renewDocumentSchema = documentFieldsSchema.extend({ documentId: z.string().min(1) });

export type UploadDocumentInput = z.output<typeof uploadDocumentSchema>;
