import type { ReviewItemKind } from "@/lib/generated/prisma/enums";
import type { ReviewKind } from "./define-kind";
import { documentExpired } from "./document-expired";
import { paymentDecline } from "./payment-decline";
import { paymentDispute } from "./payment-dispute";
import { paymentMissedInstallment } from "./payment-missed-installment";
import { paymentRecoveryFailed } from "./payment-recovery-failed";
import { paymentRefundRequest } from "./payment-refund-request";
import { planDowngrade } from "./plan-downgrade";
import { planUpgrade } from "./plan-upgrade";
import { suspension } from "./suspension";
import { tenantArchive } from "./tenant-archive";

export type { ReviewKind } from "./define-kind";

/**
 * Every kind of review item, by its enum value, in the order filters and settings list them. The
 * type checker refuses an enum value without its entry here, and everything else (labels, policy,
 * allowed actions, priority, SLA, rules) is read from the entry.
 */
export const REVIEW_KINDS: Record<ReviewItemKind, ReviewKind> = {
  suspension,
  payment_recovery_failed: paymentRecoveryFailed,
  payment_decline: paymentDecline,
  payment_missed_installment: paymentMissedInstallment,
  payment_dispute: paymentDispute,
  payment_refund_request: paymentRefundRequest,
  document_expired: documentExpired,
  plan_downgrade: planDowngrade,
  plan_upgrade: planUpgrade,
  tenant_archive: tenantArchive,
};

/** Every kind's enum value, in the registry's order. */
export const REVIEW_KIND_NAMES = Object.keys(REVIEW_KINDS) as ReviewItemKind[];
