import { db, type Tx } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { createApiKeySchema } from "./schemas";
import { generateApiKey } from "./key-format";

/**
 * Stores a new key made by a signed-in owner (creation and rotation) and returns it with its secret:
 * the only time anyone sees it. Only the secret's digest is stored.
 */
export async function issueApiKey(tx: Tx, actor: Actor, input: { name: string; scopes: string[] }) {
  if (actor.kind !== "user" || !actor.id)
    throw new AppError("FORBIDDEN", "API keys are created by a signed-in owner.");
  const { key, prefix, secretHash } = generateApiKey();
  const apiKey = await tx.apiKey.create({
    data: { name: input.name, scopes: [...new Set(input.scopes)], prefix, secretHash, createdById: actor.id },
  });
  return { apiKey, key };
}

/** Creates a key and returns its secret: the only time anyone sees it. */
export const createApiKey = defineAction({
  name: "apiKeys.create",
  roles: ["OWNER"],
  input: createApiKeySchema,
  run: (actor, input) =>
    db.$transaction(async (tx) => {
      const { apiKey, key } = await issueApiKey(tx, actor, input);
      await recordAudit(tx, actor, {
        action: "apiKey.created",
        entityType: "apiKey",
        entityId: apiKey.id,
        after: { name: apiKey.name, prefix: apiKey.prefix, scopes: apiKey.scopes },
      });
      return { id: apiKey.id, key };
    }),
});
