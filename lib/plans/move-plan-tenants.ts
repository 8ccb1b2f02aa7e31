import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import type { Plan } from "@/lib/generated/prisma/enums";
import { forgetEntitlements } from "./entitlements-cache";
import { mrrSql } from "./mrr-sql";
import { recordSubscriptionChanges } from "./record-subscription-changes";
import { movePlanTenantsSchema } from "./schemas";

export type PlanMovePreview = {
  key: Plan;
  toVersion: number;
  /** Tenants on older versions, by version, with the MRR they make now and would make after. */
  fromVersions: { version: number; tenants: number; mrrBeforeMinor: number; mrrAfterMinor: number }[];
  tenants: number;
  mrrDeltaMinor: number;
};

/** What moving every tenant of a plan to its current version would change (nothing is written). */
export async function previewPlanMove(key: Plan): Promise<PlanMovePreview> {
  const rows = await db.$queryRaw<
    { version: number; tenants: bigint; before: bigint | null; after: bigint | null; to_version: number }[]
  >`
    WITH target AS (
      SELECT v.* FROM catalog_plans p JOIN catalog_plan_versions v ON v.id = p.current_version_id WHERE p.key = ${key}::"Plan"
    )
    SELECT v.version, count(*) AS tenants, (SELECT version FROM target) AS to_version,
           sum(${mrrSql("v")}) AS before, sum(${mrrSql("target")}) AS after
    FROM tenants t
    JOIN catalog_plan_versions v ON v.id = t.plan_version_id
    CROSS JOIN target
    WHERE t.plan = ${key}::"Plan" AND t.plan_version_id <> target.id
    GROUP BY v.version ORDER BY v.version`;
  const fromVersions = rows.map((r) => ({
    version: r.version,
    tenants: Number(r.tenants),
    mrrBeforeMinor: Number(r.before ?? 0),
    mrrAfterMinor: Number(r.after ?? 0),
  }));
  const target = await db.catalogPlan.findUniqueOrThrow({ where: { key }, select: { currentVersion: true } });
  return {
    key,
    toVersion: target.currentVersion?.version ?? 0,
    fromVersions,
    tenants: fromVersions.reduce((n, v) => n + v.tenants, 0),
    mrrDeltaMinor: fromVersions.reduce((n, v) => n + v.mrrAfterMinor - v.mrrBeforeMinor, 0),
  };
}

/**
 * Moves every tenant of a plan that is on an older version to the current one, with their
 * subscription history and one audit entry, if the count still matches the preview the owner saw.
 */
export const movePlanTenants = defineAction({
  name: "plans.moveTenants",
  roles: ["OWNER"],
  input: movePlanTenantsSchema,
  async run(actor, { key, expectedTenants }) {
    const at = new Date();
    const moved = await db.$transaction(async (tx) => {
      const plan = await tx.catalogPlan.findUniqueOrThrow({
        where: { key },
        include: { currentVersion: true },
      });
      if (!plan.currentVersionId) throw new AppError("CONFLICT", "The plan has no version to move to");
      const rows = await tx.$queryRaw<{ id: string }[]>`
        UPDATE tenants SET plan_version_id = ${plan.currentVersionId}, updated_at = ${at}
        WHERE plan = ${key}::"Plan" AND plan_version_id IS DISTINCT FROM ${plan.currentVersionId}
        RETURNING id`;
      if (rows.length !== expectedTenants)
        throw new AppError(
          "CONFLICT",
          `The preview showed ${expectedTenants} tenants to move but ${rows.length} are on older versions now; preview again.`,
        );
      const ids = rows.map((r) => r.id);
      await recordSubscriptionChanges(tx, ids, { at, source: "plan_move" });
      await recordAudit(tx, actor, {
        action: "plan.tenants_moved",
        entityType: "plan",
        entityId: key,
        after: { toVersion: plan.currentVersion?.version ?? null, tenants: ids.length },
      });
      return ids;
    });
    await forgetEntitlements(moved);
    return { key, moved: moved.length };
  },
});
