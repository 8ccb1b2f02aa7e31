import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { hashPassword } from "@/lib/auth/password";
import { AppError } from "@/lib/errors";
import { createUserSchema } from "./schemas";

export const createUser = defineAction({
  name: "users.create",
  roles: ["OWNER"],
  input: createUserSchema,
  async run(actor, input) {
    const passwordHash = await hashPassword(input.password);
    return db.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
        throw new AppError("CONFLICT", "A user with that email exists.", {
          email: ["This email already has an account"],
        });
      }
      const user = await tx.user.create({
        data: { email: input.email, name: input.name, role: input.role, passwordHash },
      });
      await recordAudit(tx, actor, {
        action: "user.created",
        entityType: "user",
        entityId: user.id,
        after: { email: user.email, name: user.name, role: user.role },
      });
      return { id: user.id };
    });
  },
});
