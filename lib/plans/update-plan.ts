import { isDeepStrictEqual } from "node:util";
import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { storedLimits } from "./limits";
import { updatePlanSchema } from "./schemas";

/**
 * Edits a plan. Name, currency and trial length apply at once; a change of price, limits or
 * features makes a new version that new subscriptions get, while existing tenants stay on the
 * version they have until the owner moves them (move-plan-tenants.ts). Audited.
 */
export const updatePlan = defineAction({
  name: "plans.update",
  roles: ["OWNER"],
  input: updatePlanSchema,
  async run(actor, { key, name, currency, trialDays, monthlyPrice, yearlyPrice, limits, features }) {
    return db.$transaction(async (tx) => {
      const plan = await tx.catalogPlan.findUniqueOrThrow({
        where: { key },
        include: { currentVersion: true },
      });
      const current = plan.currentVersion;
      const terms = { monthlyPriceMinor: monthlyPrice, yearlyPriceMinor: yearlyPrice, limits, features };
      const termsChanged =
        !current ||
        current.monthlyPriceMinor !== monthlyPrice ||
        current.yearlyPriceMinor !== yearlyPrice ||
        !isDeepStrictEqual(storedLimits(current.limits), limits) ||
        !isDeepStrictEqual([...current.features].sort(), [...features].sort());
      const version = termsChanged
        ? await tx.catalogPlanVersion.create({
            data: { planId: plan.id, version: (current?.version ?? 0) + 1, ...terms },
          })
        : current!;
      await tx.catalogPlan.update({
        where: { id: plan.id },
        data: { name, currency, trialDays, currentVersionId: version.id },
      });
      await recordAudit(tx, actor, {
        action: termsChanged ? "plan.version_created" : "plan.updated",
        entityType: "plan",
        entityId: key,
        before: {
          name: plan.name,
          currency: plan.currency,
          trialDays: plan.trialDays,
          version: current?.version ?? null,
          monthlyPriceMinor: current?.monthlyPriceMinor ?? null,
          yearlyPriceMinor: current?.yearlyPriceMinor ?? null,
          limits: current ? storedLimits(current.limits) : null,
          features: current?.features ?? null,
        },
        after: { name, currency, trialDays, version: version.version, ...terms },
      });
      return { key, version: version.version, newVersion: termsChanged };
    });
  },
});
