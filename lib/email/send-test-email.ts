import { randomUUID } from "node:crypto";
import { z } from "zod";
import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { getEmailTemplateOrThrow } from "./queries";
import { queueEmail } from "./queue-email";
import { sampleValues } from "./sample-values";

/** Sends a template, filled with sample values, to the owner who asks: the way to check real delivery. */
export const sendTestEmail = defineAction({
  name: "emailTemplates.sendTest",
  roles: ["OWNER"],
  input: z.object({ key: z.string().min(1) }),
  async run(actor, { key }) {
    if (actor.kind !== "user" || !actor.id)
      throw new AppError("FORBIDDEN", "A test email goes to a signed-in owner.");
    const template = await getEmailTemplateOrThrow(key);
    const variables = sampleValues(key, template.variables);
    const queued = await queueEmail({
      templateKey: key,
      to: actor.label,
      variables,
      dedupeKey: `test:${key}:${randomUUID()}`,
    });
    await db.$transaction((tx) =>
      recordAudit(tx, actor, {
        action: "emailTemplate.testSent",
        entityType: "emailTemplate",
        entityId: key,
        after: { emailLogId: queued.emailLogId },
      }),
    );
    return queued;
  },
});
