import { z } from "zod";
import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";

/** Signs one of one's own sessions out (a browser left signed in elsewhere). */
export const signOutSession = defineAction({
  name: "sessions.sign_out",
  roles: ["OWNER", "REVIEWER", "VIEWER"],
  input: z.object({ sessionId: z.string().trim().min(1).max(100) }),
  async run(actor, { sessionId }) {
    return db.$transaction(async (tx) => {
      const { count } = await tx.staffSession.updateMany({
        where: { id: sessionId, userId: actor.id!, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      if (count === 0) throw new AppError("NOT_FOUND", "That session is not open.");
      await recordAudit(tx, actor, {
        action: "auth.session_signed_out",
        entityType: "user",
        entityId: actor.id,
      });
      return { signedOut: count };
    });
  },
});

/** Signs every one of one's sessions out, this browser's included: for a lost laptop or a leaked cookie. */
export const signOutEverywhere = defineAction({
  name: "sessions.sign_out_everywhere",
  roles: ["OWNER", "REVIEWER", "VIEWER"],
  input: z.object({}),
  async run(actor) {
    return db.$transaction(async (tx) => {
      const { count } = await tx.staffSession.updateMany({
        where: { userId: actor.id!, revokedAt: null },
        data: { revokedAt: new Date() },
      });
      await recordAudit(tx, actor, {
        action: "auth.signed_out_everywhere",
        entityType: "user",
        entityId: actor.id,
        after: { sessions: count },
      });
      return { signedOut: count };
    });
  },
});
