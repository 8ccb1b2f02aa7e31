import { z } from "zod";
import { optionalText } from "@/lib/validation";

const optionalDate = z
  .string()
  .trim()
  .transform((v, ctx) => {
    if (v === "") return undefined;
    const date = new Date(v);
    if (Number.isNaN(date.getTime())) {
      ctx.addIssue({ code: "custom", message: "Use a date such as 2026-11-23" });
      return z.NEVER;
    }
    return date;
  })
  .optional();

export const auditQuerySchema = z
  .object({
    actor: optionalText,
    action: optionalText,
    entityType: optionalText,
    entityId: optionalText,
    from: optionalDate,
    to: optionalDate,
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(200).default(50),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: "'From' must be before 'to'", path: ["to"] });

export type AuditQuery = z.output<typeof auditQuerySchema>;
