import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { rotateApiKeySchema } from "./schemas";
import { forgetVerifiedKeys } from "./authenticate-api-key";
import { issueApiKey } from "./create-api-key";

const HOUR = 3_600_000;

/**
 * Replaces a key with a new one of the same name and scopes and returns the new secret (shown once).
 * The old key keeps working for the grace period the owner chose, so the machines using it can be
 * switched over, then stops: its revokedAt is set to the end of the grace period.
 */
export const rotateApiKey = defineAction({
  name: "apiKeys.rotate",
  roles: ["OWNER"],
  input: rotateApiKeySchema,
  run: async (actor, { id, graceHours }) => {
    const result = await db.$transaction(async (tx) => {
      // Locked, so two owners rotating at once cannot give one key two replacements.
      await tx.$executeRaw`SELECT 1 FROM api_keys WHERE id = ${id} FOR UPDATE`;
      const old = await tx.apiKey.findUnique({ where: { id } });
      if (!old) throw new AppError("NOT_FOUND", "No API key with that id.");
      if (old.rotatedToId)
        throw new AppError("CONFLICT", "This key was already rotated; rotate its replacement instead.");
      if (old.revokedAt) throw new AppError("CONFLICT", "This key is revoked; create a new key instead.");
      const { apiKey, key } = await issueApiKey(tx, actor, { name: old.name, scopes: old.scopes });
      const stopsAt = new Date(Date.now() + graceHours * HOUR);
      await tx.apiKey.update({ where: { id }, data: { revokedAt: stopsAt, rotatedToId: apiKey.id } });
      await recordAudit(tx, actor, {
        action: "apiKey.rotated",
        entityType: "apiKey",
        entityId: id,
        before: { name: old.name, prefix: old.prefix },
        after: {
          id: apiKey.id,
          name: apiKey.name,
          prefix: apiKey.prefix,
          oldKeyStopsAt: stopsAt.toISOString(),
          graceHours,
        },
      });
      return { id: apiKey.id, key, oldKeyStopsAt: stopsAt };
    });
    forgetVerifiedKeys();
    return result;
  },
});
