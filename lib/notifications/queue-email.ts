import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { emailDigest, encryptPii } from "@/lib/crypto/pii";
import { enqueue } from "@/lib/jobs/enqueue";
import { parseInput } from "@/lib/validation";
import { renderTemplate } from "./render-template";
import { queueEmailSchema, type QueueEmailInput } from "./schemas";

/**
 * Records a notification under its dedupe key and queues its delivery. Calling it again with the
 * same key sends nothing new; while the first is still queued it re-queues the same job id, so a
 * producer that crashed between the two steps can simply retry.
 */
export async function queueEmail(raw: QueueEmailInput): Promise<{ emailLogId: string; created: boolean }> {
  const input = parseInput(queueEmailSchema, raw);
  const template = await db.emailTemplate.findUnique({ where: { key: input.templateKey } });
  if (!template) throw new AppError("NOT_FOUND", `No email template '${input.templateKey}'.`);
  const undeclared = Object.keys(input.variables).filter((name) => !template.variables.includes(name));
  if (undeclared.length) throw new AppError("VALIDATION", `Template '${template.key}' has no variable ${undeclared.join(", ")}.`);
  try {
    renderTemplate(template, input.variables);
  } catch (error) {
    throw new AppError("VALIDATION", `Template '${template.key}': ${(error as Error).message}.`);
  }

  const { count } = await db.emailLog.createMany({
    data: [{
      dedupeKey: input.dedupeKey,
      templateKey: template.key,
      recipientEncrypted: encryptPii(input.to),
      recipientDigest: emailDigest(input.to),
      variablesEncrypted: encryptPii(JSON.stringify(input.variables)),
    }],
    skipDuplicates: true,
  });
  const log = await db.emailLog.findUniqueOrThrow({ where: { dedupeKey: input.dedupeKey }, select: { id: true, status: true } });
  if (log.status === "queued") await enqueue("send-email", { emailLogId: log.id }, { jobId: `email-${log.id}` });
  return { emailLogId: log.id, created: count === 1 };
}
