import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { revokeApiKeySchema } from "./schemas";
import { forgetVerifiedKeys } from "./authenticate-api-key";

/** Stops a key at once, including a rotated key still in its grace period. */
export const revokeApiKey = defineAction({
  name: "apiKeys.revoke",
  roles: ["OWNER"],
  input: revokeApiKeySchema,
  run: async (actor, { id }) => {
    const result = await db.$transaction(async (tx) => {
      const key = await tx.apiKey.findUnique({ where: { id } });
      if (!key) throw new AppError("NOT_FOUND", "No API key with that id.");
      const now = new Date();
      // Conditional, so two owners revoking at once record one revocation.
      const { count } = await tx.apiKey.updateMany({
        where: { id, OR: [{ revokedAt: null }, { revokedAt: { gt: now } }] },
        data: { revokedAt: now },
      });
      if (count === 0) throw new AppError("CONFLICT", "This key is already revoked.");
      await recordAudit(tx, actor, {
        action: "apiKey.revoked",
        entityType: "apiKey",
        entityId: id,
        before: {
          name: key.name,
          prefix: key.prefix,
          ...(key.revokedAt && { stopsAt: key.revokedAt.toISOString() }),
        },
      });
      return { id };
    });
    forgetVerifiedKeys();
    return result;
  },
});
