import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { revokeApiKeySchema } from "./schemas";
import { forgetVerifiedKeys } from "./authenticate-api-key";

export const revokeApiKey = defineAction({
  name: "apiKeys.revoke",
  roles: ["OWNER"],
  input: revokeApiKeySchema,
  run: async (actor, { id }) => {
    const result = await db.$transaction(async (tx) => {
      const key = await tx.apiKey.findUnique({ where: { id } });
      if (!key) throw new AppError("NOT_FOUND", "No API key with that id.");
      // Conditional, so two owners revoking at once record one revocation.
      const { count } = await tx.apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
      if (count === 0) throw new AppError("CONFLICT", "This key is already revoked.");
      await recordAudit(tx, actor, { action: "apiKey.revoked", entityType: "apiKey", entityId: id, before: { name: key.name, prefix: key.prefix } });
      return { id };
    });
    forgetVerifiedKeys();
    return result;
  },
});
