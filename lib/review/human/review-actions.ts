import { db, type Tx } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import type { Actor } from "@/lib/auth/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import type { ReviewItem } from "@/lib/generated/prisma/client";
import type { ReviewAction, ReviewVerdict } from "@/lib/generated/prisma/enums";
import { ACTION_LABELS } from "@/lib/review/action-labels";
import { liveClaimUntil } from "@/lib/review/claims";
import { queueExecutions } from "@/lib/review/execute/queue-executions";
import { getReviewSettings } from "@/lib/review/intake/settings";
import { REVIEW_KINDS } from "@/lib/review/kinds";
import { recordDecision } from "@/lib/review/record-decision";
import {
  claimItemSchema,
  decideItemSchema,
  reopenItemSchema,
  type DecideItemInput,
} from "@/lib/review/schemas";
import { AWAITING_REVIEW, DECIDED_STATUSES } from "@/lib/review/statuses";

/** The item, locked for this change. */
async function lockedItem(tx: Tx, itemId: string): Promise<ReviewItem> {
  const [locked] = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM review_items WHERE id = ${itemId} FOR NO KEY UPDATE`;
  if (!locked) throw new AppError("NOT_FOUND", "No such review item.");
  return tx.reviewItem.findUniqueOrThrow({ where: { id: itemId } });
}

/** "Already approved by ana@… at 14:02" — what a second reviewer is told. */
async function alreadyDecided(tx: Tx, item: ReviewItem): Promise<AppError> {
  if (item.status === "closed")
    return new AppError(
      "CONFLICT",
      `This item was closed: ${item.closedNote ?? "it no longer needs a decision"}.`,
    );
  if (item.status === "pending")
    return new AppError("CONFLICT", "The decision engine has not recommended anything for this item yet.");
  const last = await tx.reviewDecision.findFirst({
    where: { itemId: item.id },
    orderBy: { decidedAt: "desc" },
  });
  const by = last
    ? ` by ${last.actorLabel} at ${last.decidedAt.toISOString().slice(0, 16).replace("T", " ")} UTC`
    : "";
  return new AppError("CONFLICT", `This item was already ${item.status}${by}.`);
}

function claimIsLive(item: Pick<ReviewItem, "claimedById" | "claimedAt">, now: Date): boolean {
  return item.claimedById !== null && liveClaimUntil(item.claimedAt, now) !== null;
}

function assertMayDecide(actor: Actor, item: ReviewItem): void {
  if (item.status === "escalated" && actor.role !== "OWNER")
    throw new AppError("FORBIDDEN", "Escalated items are decided by an owner.");
}

export type ClaimResult = { claimed: true; until: Date } | { claimed: false; by: string; until: Date };

/**
 * Takes (or renews) the item for the actor while they have it open. Someone else's live claim is not
 * an error: the answer says who has it, and the workspace shows the item read-only.
 */
export const claimItem = defineAction({
  name: "reviews.claim",
  roles: ["OWNER", "REVIEWER"],
  input: claimItemSchema,
  run: (actor, input): Promise<ClaimResult> =>
    db.$transaction(async (tx) => {
      const now = new Date();
      const item = await lockedItem(tx, input.itemId);
      if (!AWAITING_REVIEW.includes(item.status)) throw await alreadyDecided(tx, item);
      // Only whoever may decide it may hold it: a reviewer's claim would lock owners out of an escalated item.
      assertMayDecide(actor, item);
      if (item.claimedById !== actor.id && claimIsLive(item, now)) {
        const holder = await tx.user.findUnique({
          where: { id: item.claimedById! },
          select: { name: true, email: true },
        });
        return {
          claimed: false,
          by: holder?.name || holder?.email || "another reviewer",
          until: liveClaimUntil(item.claimedAt, now)!,
        };
      }
      await tx.reviewItem.update({ where: { id: item.id }, data: { claimedById: actor.id, claimedAt: now } });
      return { claimed: true, until: liveClaimUntil(now, now)! };
    }),
});

/** Lets go of an item the actor had open (moving on without deciding). */
export const releaseItem = defineAction({
  name: "reviews.release",
  roles: ["OWNER", "REVIEWER"],
  input: claimItemSchema,
  run: async (actor, input) => {
    await db.reviewItem.updateMany({
      where: { id: input.itemId, claimedById: actor.id },
      data: { claimedById: null, claimedAt: null },
    });
    return { itemId: input.itemId };
  },
});

function verdictOf(input: DecideItemInput): {
  verdict: ReviewVerdict;
  status: "approved" | "modified" | "rejected";
} {
  if (input.verdict === "approve") return { verdict: "approved", status: "approved" };
  if (input.verdict === "modify") return { verdict: "modified", status: "modified" };
  return { verdict: "rejected", status: "rejected" };
}

/**
 * A person decides an item: under the item's row lock, only while it awaits review and nobody else
 * holds a live claim, so two reviewers get one decision and one clear refusal. Approving or modifying
 * queues the action's execution.
 */
export const decideItem = defineAction({
  name: "reviews.decide",
  roles: ["OWNER", "REVIEWER"],
  input: decideItemSchema,
  run: async (actor, input) => {
    const decision = await db.$transaction(async (tx) => {
      const now = new Date();
      const item = await lockedItem(tx, input.itemId);
      if (!AWAITING_REVIEW.includes(item.status)) throw await alreadyDecided(tx, item);
      assertMayDecide(actor, item);
      if (item.claimedById && item.claimedById !== actor.id && claimIsLive(item, now)) {
        throw new AppError(
          "CONFLICT",
          "Another reviewer has this item open; it is theirs to decide until they move on or their claim lapses.",
        );
      }
      const action: ReviewAction | null =
        input.verdict === "approve"
          ? item.recommendedAction
          : input.verdict === "modify"
            ? input.action
            : null;
      if (input.verdict === "approve" && !action)
        throw new AppError(
          "CONFLICT",
          "There is no recommendation to approve; modify it with an action instead.",
        );
      if (input.verdict === "modify") {
        if (!REVIEW_KINDS[item.kind].actions.includes(input.action)) {
          throw new AppError("VALIDATION", "Some fields are invalid.", {
            action: [
              `${ACTION_LABELS[input.action]} does not apply to a ${REVIEW_KINDS[item.kind].label.toLowerCase()}`,
            ],
          });
        }
        if (input.action === item.recommendedAction)
          throw new AppError("VALIDATION", "Some fields are invalid.", {
            action: ["That is the recommended action: approve it instead"],
          });
      }
      const { verdict, status } = verdictOf(input);
      await tx.reviewItem.update({
        where: { id: item.id },
        data: { status, claimedById: null, claimedAt: null },
      });
      const created = await recordDecision(tx, item, {
        verdict,
        action,
        note: input.note ?? null,
        actor,
        now,
      });
      await recordAudit(tx, actor, {
        action: `review_item.${status}`,
        entityType: "review_item",
        entityId: item.id,
        before: {
          status: item.status,
          recommendation: {
            engine: item.engine,
            action: item.recommendedAction,
            decision: item.recommendedDecision,
            confidence: item.confidence,
            policy: item.policyFile,
            policyHash: item.policyHash,
          },
        },
        after: { status, verdict, action, note: input.note ?? null },
      });
      return created;
    });
    await queueExecutions([decision]);
    return { itemId: input.itemId, decisionId: decision.id, status: decision.verdict };
  },
});

/**
 * An owner puts a decided item back where routing had sent it (escalated stays an owner's). The
 * decision is kept, marked reversed (that is how analytics count auto-executions later reversed); an
 * execution still queued is cancelled, one already done is not undone here, one running must finish first.
 */
export const reopenItem = defineAction({
  name: "reviews.reopen",
  roles: ["OWNER"],
  input: reopenItemSchema,
  run: async (actor, input) => {
    const settings = await getReviewSettings();
    return db.$transaction(async (tx) => {
      const now = new Date();
      const item = await lockedItem(tx, input.itemId);
      if (!DECIDED_STATUSES.includes(item.status))
        throw new AppError(
          "CONFLICT",
          `Only a decided item can be reopened; this one is ${item.status.replace("_", " ")}.`,
        );
      const last = await tx.reviewDecision.findFirst({
        where: { itemId: item.id, reversedAt: null },
        orderBy: { decidedAt: "desc" },
      });
      if (last?.executionStatus === "running")
        throw new AppError(
          "CONFLICT",
          "Its action is being executed right now; reopen it once the outcome is shown.",
        );
      if (last) {
        const cancelled = last.executionStatus === "queued";
        await tx.reviewDecision.update({
          where: { id: last.id },
          data: {
            reversedAt: now,
            reversedById: actor.id,
            ...(cancelled
              ? {
                  executionStatus: "cancelled",
                  executionDetail: "Cancelled: the item was reopened before its action ran.",
                  executedAt: now,
                }
              : {}),
          },
        });
      }
      const status =
        item.confidence !== null && item.confidence < settings.reviewAt ? "escalated" : "in_review";
      await tx.reviewItem.update({
        where: { id: item.id },
        data: { status, claimedById: null, claimedAt: null },
      });
      await recordAudit(tx, actor, {
        action: "review_item.reopened",
        entityType: "review_item",
        entityId: item.id,
        before: {
          status: item.status,
          decision: last
            ? {
                verdict: last.verdict,
                action: last.action,
                by: last.actorLabel,
                execution: last.executionStatus,
              }
            : null,
        },
        after: { status, note: input.note },
      });
      return { itemId: item.id, status };
    });
  },
});
