import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { checkTemplate } from "./render-template";
import { updateTemplateSchema } from "./schemas";

export const updateEmailTemplate = defineAction({
  name: "emailTemplates.update",
  roles: ["OWNER"],
  input: updateTemplateSchema,
  run: (actor, { key, ...parts }) =>
    db.$transaction(async (tx) => {
      const before = await tx.emailTemplate.findUnique({ where: { key } });
      if (!before) throw new AppError("NOT_FOUND", "No email template with that key.");
      const problems = checkTemplate(parts, before.variables);
      if (Object.keys(problems).length)
        throw new AppError(
          "VALIDATION",
          "The template uses variables it does not have.",
          problems as Record<string, string[]>,
        );
      await tx.emailTemplate.update({ where: { key }, data: parts });
      await recordAudit(tx, actor, {
        action: "emailTemplate.updated",
        entityType: "emailTemplate",
        entityId: key,
        before: { subject: before.subject, html: before.html, text: before.text },
        after: parts,
      });
      return { key };
    }),
});
