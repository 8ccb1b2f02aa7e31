import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { forgetOwnLimits } from "./own-limits";
import { ownRateLimitsSchema } from "./schemas";

/** The owner sets Steward's limits on its own API and sign-in (Settings > Own limits). */
export const updateOwnLimits = defineAction({
  name: "rateLimits.updateOwnLimits",
  roles: ["OWNER"],
  input: ownRateLimitsSchema,
  run: async (actor, limits) => {
    await db.$transaction(async (tx) => {
      const before = await tx.ownRateLimits.findUnique({ where: { id: 1 } });
      await tx.ownRateLimits.upsert({
        where: { id: 1 },
        create: { ...limits, updatedById: actor.id },
        update: { ...limits, updatedById: actor.id },
      });
      await recordAudit(tx, actor, {
        action: "own_rate_limits.updated",
        entityType: "own_rate_limits",
        entityId: "1",
        before: before && { apiPerMinute: before.apiPerMinute, signInPerMinute: before.signInPerMinute },
        after: limits,
      });
    });
    forgetOwnLimits();
    return limits;
  },
});
