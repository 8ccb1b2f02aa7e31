import type { ReviewAction, ReviewItemKind, ReviewItemStatus } from "@/lib/generated/prisma/enums";

type KindInfo = {
  label: string;
  /** Its policy under policies/: what the engine (and a reviewer) applies to it. */
  policyFile: string;
  /** The actions a decision on it may execute; the first is what rejecting leaves in place (nothing). */
  actions: readonly ReviewAction[];
};

/** Every kind of review item: its name, its policy, and which actions make sense for it. */
export const REVIEW_KINDS: Record<ReviewItemKind, KindInfo> = {
  suspension: {
    label: "Suspension",
    policyFile: "suspension.md",
    actions: ["suspend_tenant", "send_reminder", "dismiss"],
  },
  payment_recovery_failed: {
    label: "Failed payment recovery",
    policyFile: "payment-recovery-failed.md",
    actions: ["retry_payment", "send_reminder", "suspend_tenant", "dismiss"],
  },
  payment_decline: {
    label: "Payment declined",
    policyFile: "payment-decline.md",
    actions: ["retry_payment", "send_reminder", "suspend_tenant", "dismiss"],
  },
  payment_missed_installment: {
    label: "Missed installment",
    policyFile: "payment-missed-installment.md",
    actions: ["send_reminder", "suspend_tenant", "dismiss"],
  },
  payment_dispute: {
    label: "Dispute",
    policyFile: "payment-dispute.md",
    actions: ["approve_refund", "suspend_tenant", "dismiss"],
  },
  payment_refund_request: {
    label: "Refund request",
    policyFile: "payment-refund-request.md",
    actions: ["approve_refund", "dismiss"],
  },
  document_expired: {
    label: "Required document expired",
    policyFile: "document-expired.md",
    actions: ["suspend_tenant", "dismiss"],
  },
  plan_downgrade: { label: "Plan downgrade", policyFile: "plan-fit.md", actions: ["change_plan", "dismiss"] },
  plan_upgrade: { label: "Plan upgrade", policyFile: "plan-fit.md", actions: ["change_plan", "dismiss"] },
  tenant_archive: {
    label: "Archive inactive tenant",
    policyFile: "plan-fit.md",
    actions: ["archive_tenant", "dismiss"],
  },
};

export const ACTION_LABELS: Record<ReviewAction, string> = {
  suspend_tenant: "Suspend tenant",
  retry_payment: "Retry payment",
  approve_refund: "Approve refund",
  send_reminder: "Send payment reminder",
  dismiss: "Dismiss",
  change_plan: "Change plan",
  archive_tenant: "Archive tenant",
};

/** Waiting for a person. */
export const AWAITING_REVIEW: ReviewItemStatus[] = ["in_review", "escalated"];
/** Not decided yet (the engine or a person). */
export const OPEN_STATUSES: ReviewItemStatus[] = ["pending", "in_review", "escalated"];
/** Decided by a person or automatically; an owner may reopen these. */
export const DECIDED_STATUSES: ReviewItemStatus[] = ["approved", "modified", "rejected"];

export const PAYMENT_ISSUE_KINDS = [
  "payment_decline",
  "payment_missed_installment",
  "payment_dispute",
  "payment_refund_request",
] as const satisfies readonly ReviewItemKind[];
