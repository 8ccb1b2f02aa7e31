import { z } from "zod";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { decryptPii } from "@/lib/crypto/pii";
import { EmailStatus } from "@/lib/generated/prisma/enums";

export function listEmailTemplates() {
  return db.emailTemplate.findMany({ orderBy: { name: "asc" } });
}

export async function getEmailTemplateOrThrow(key: string) {
  const template = await db.emailTemplate.findUnique({ where: { key } });
  if (!template) throw new AppError("NOT_FOUND", "No email template with that key.");
  return template;
}

export const emailLogQuerySchema = z.object({
  status: z.enum(EmailStatus).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

/** The delivery log, newest first, recipients decrypted for the owner's eyes. */
export async function listEmailLog(query: z.output<typeof emailLogQuerySchema>) {
  const where = query.status ? { status: query.status } : {};
  const [rows, total] = await Promise.all([
    db.emailLog.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    db.emailLog.count({ where }),
  ]);
  return {
    rows: rows.map(({ recipientEncrypted, variablesEncrypted: _v, recipientDigest: _d, ...row }) => ({
      ...row,
      recipient: decryptPii(recipientEncrypted),
    })),
    total,
    page: query.page,
    pageCount: Math.max(1, Math.ceil(total / query.pageSize)),
  };
}
