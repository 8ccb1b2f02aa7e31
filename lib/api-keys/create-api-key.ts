import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { createApiKeySchema } from "./schemas";
import { generateApiKey } from "./key-format";

/** Creates a key and returns its secret: the only time anyone sees it. */
export const createApiKey = defineAction({
  name: "apiKeys.create",
  roles: ["OWNER"],
  input: createApiKeySchema,
  run: (actor, input) => {
    if (actor.kind !== "user" || !actor.id) throw new AppError("FORBIDDEN", "API keys are created by a signed-in owner.");
    const { key, prefix, secretHash } = generateApiKey();
    return db.$transaction(async (tx) => {
      const apiKey = await tx.apiKey.create({
        data: { name: input.name, scopes: [...new Set(input.scopes)], prefix, secretHash, createdById: actor.id! },
      });
      await recordAudit(tx, actor, {
        action: "apiKey.created",
        entityType: "apiKey",
        entityId: apiKey.id,
        after: { name: apiKey.name, prefix, scopes: apiKey.scopes },
      });
      return { id: apiKey.id, key };
    });
  },
});
