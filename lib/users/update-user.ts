import { db, type Tx } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { updateUserSchema } from "./schemas";

/**
 * Steward must always keep one enabled owner, or nobody could administer it again. The enabled
 * owners are locked while counting, so two owners demoting each other at once cannot both succeed.
 */
async function assertAnotherOwnerRemains(tx: Tx, userId: string) {
  const owners = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM users WHERE role = 'OWNER' AND NOT disabled ORDER BY id FOR UPDATE`;
  if (owners.filter((o) => o.id !== userId).length === 0)
    throw new AppError("CONFLICT", "This is the last enabled owner; add another owner first.");
}

export const updateUser = defineAction({
  name: "users.update",
  roles: ["OWNER"],
  input: updateUserSchema,
  run: (actor, input) =>
    db.$transaction(async (tx) => {
      const before = await tx.user.findUnique({ where: { id: input.id } });
      if (!before) throw new AppError("NOT_FOUND", "No user with that id.");
      if (input.disabled && input.id === actor.id)
        throw new AppError("CONFLICT", "You cannot disable your own account.");
      const losesOwner =
        before.role === "OWNER" && !before.disabled && (input.disabled === true || input.role === "REVIEWER");
      if (losesOwner) await assertAnotherOwnerRemains(tx, input.id);
      const after = await tx.user.update({
        where: { id: input.id },
        data: { role: input.role, disabled: input.disabled },
      });
      await recordAudit(tx, actor, {
        action: "user.updated",
        entityType: "user",
        entityId: input.id,
        before: { role: before.role, disabled: before.disabled },
        after: { role: after.role, disabled: after.disabled },
      });
      return { id: input.id };
    }),
});
