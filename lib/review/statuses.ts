import type { ReviewItemStatus } from "@/lib/generated/prisma/enums";

/** Waiting for a person. */
export const AWAITING_REVIEW: ReviewItemStatus[] = ["in_review", "escalated"];
/** Not decided yet (the engine or a person). */
export const OPEN_STATUSES: ReviewItemStatus[] = ["pending", "in_review", "escalated"];
/** Decided by a person or automatically; an owner may reopen these. */
export const DECIDED_STATUSES: ReviewItemStatus[] = ["approved", "modified", "rejected"];
