import { db } from "@/lib/db";
import { alertProviders } from "@/lib/env";
import { logger } from "@/lib/logger";
import { deliverAlertTo, recipientsAt } from "./route-alert";

/**
 * Moves every urgent alert whose acknowledgement is overdue one step along the on-call order (past
 * its end: every owner), and restarts its clock while a further step exists. The move is
 * conditional on the level it read, so two sweeps at once escalate an alert once.
 */
export async function escalateDueAlerts(now: Date): Promise<{ escalated: number }> {
  const due = await db.notification.findMany({
    where: { nextEscalationAt: { lte: now }, acknowledgedAt: null, resolvedAt: null },
    orderBy: { nextEscalationAt: "asc" },
    take: 200,
  });
  let escalated = 0;
  for (const alert of due) {
    const level = alert.escalationLevel + 1;
    const { userIds, more } = await recipientsAt(true, level);
    const { count } = await db.notification.updateMany({
      where: { id: alert.id, escalationLevel: alert.escalationLevel, acknowledgedAt: null },
      data: {
        escalationLevel: level,
        nextEscalationAt: more
          ? new Date(now.getTime() + alertProviders().ALERT_ESCALATION_MINUTES * 60_000)
          : null,
      },
    });
    if (!count) continue;
    escalated++;
    logger.info({ notificationId: alert.id, level }, "alert escalated");
    await deliverAlertTo({ ...alert, escalationLevel: level }, userIds, now);
  }
  return { escalated };
}
