import type { ReviewAction } from "@/lib/generated/prisma/enums";
import { approveRefund } from "./approve-refund";
import { archiveTenant } from "./archive-tenant";
import { changePlan } from "./change-plan";
import { dismiss } from "./dismiss";
import { retryPayment } from "./retry-payment";
import { sendReminder } from "./send-reminder";
import { suspendTenant } from "./suspend-tenant";
import type { Executor } from "./target";

/** The executor of every action a decision can take (the type checker refuses an action without one). */
export const EXECUTORS: Record<ReviewAction, Executor> = {
  suspend_tenant: suspendTenant,
  retry_payment: retryPayment,
  approve_refund: approveRefund,
  send_reminder: sendReminder,
  dismiss,
  change_plan: changePlan,
  archive_tenant: archiveTenant,
};
