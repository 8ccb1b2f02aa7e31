import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { revokeApiKeySchema } from "./schemas";

export const revokeApiKey = defineAction({
  name: "apiKeys.revoke",
  roles: ["OWNER"],
  input: revokeApiKeySchema,
  run: (actor, { id }) =>
    db.$transaction(async (tx) => {
      const key = await tx.apiKey.findUnique({ where: { id } });
      if (!key) throw new AppError("NOT_FOUND", "No API key with that id.");
      if (key.revokedAt) throw new AppError("CONFLICT", "This key is already revoked.");
      await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
      await recordAudit(tx, actor, { action: "apiKey.revoked", entityType: "apiKey", entityId: id, before: { name: key.name, prefix: key.prefix } });
      return { id };
    }),
});
