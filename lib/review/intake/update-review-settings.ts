import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { reviewSettingsSchema } from "./settings";

/** The owner changes recommender weights, routing thresholds, auto-execution of suspensions or SLAs. */
export const updateReviewSettings = defineAction({
  name: "reviews.updateSettings",
  roles: ["OWNER"],
  input: reviewSettingsSchema,
  run: (actor, settings) =>
    db.$transaction(async (tx) => {
      const before = await tx.reviewSettings.findUnique({ where: { id: 1 } });
      await tx.reviewSettings.upsert({
        where: { id: 1 },
        create: { settings, updatedById: actor.id },
        update: { settings, updatedById: actor.id },
      });
      await recordAudit(tx, actor, {
        action: "review_settings.updated",
        entityType: "review_settings",
        entityId: "1",
        before: before?.settings ?? null,
        after: settings,
      });
      return settings;
    }),
});
