import type { ReviewAction } from "@/lib/generated/prisma/enums";

/** Every action a decision can execute, as people read it. */
export const ACTION_LABELS: Record<ReviewAction, string> = {
  suspend_tenant: "Suspend tenant",
  retry_payment: "Retry payment",
  approve_refund: "Approve refund",
  send_reminder: "Send payment reminder",
  dismiss: "Dismiss",
  change_plan: "Change plan",
  archive_tenant: "Archive tenant",
};
