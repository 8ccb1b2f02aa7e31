import { db, type Prisma } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { ReviewItemStatus } from "@/lib/generated/prisma/enums";
import type { Actor } from "@/lib/auth/actor";
import { liveClaimUntil } from "@/lib/review/claims";
import type { ReviewSettings } from "@/lib/review/intake/settings";
import { REVIEW_KINDS } from "@/lib/review/kinds";
import type { Factor } from "@/lib/review/recommendation";
import type { ReviewFilters } from "@/lib/review/schemas";
import { AWAITING_REVIEW, DECIDED_STATUSES, OPEN_STATUSES } from "@/lib/review/statuses";

export const REVIEW_PAGE_SIZE = 25;
const DAY = 86_400_000;

// Ids are cuids; anything else (a typo, a NUL byte PostgreSQL would refuse) is simply not found.
const isId = (id: string) => /^[A-Za-z0-9_-]{1,64}$/.test(id);

type Claimable = {
  status: ReviewItemStatus;
  dueAt: Date;
  claimedAt: Date | null;
  claimedBy: { id: string; name: string; email: string } | null;
};

/** Whether an open item is past its due time, and who has it open (a live claim only). */
function whoHasIt(item: Claimable, viewerId: string | null, now: Date) {
  const until = liveClaimUntil(item.claimedAt, now);
  return {
    overdue: OPEN_STATUSES.includes(item.status) && item.dueAt < now,
    claim:
      item.claimedBy && until
        ? { by: item.claimedBy.name || item.claimedBy.email, mine: item.claimedBy.id === viewerId, until }
        : null,
  };
}

/**
 * The statuses a filter means; no status is the queue itself: items waiting for a person, and for a
 * reviewer only those they can decide (escalated items are an owner's).
 */
function statusesOf(status: ReviewFilters["status"], role: Actor["role"]): ReviewItemStatus[] {
  if (status === undefined) return role === "REVIEWER" ? ["in_review"] : AWAITING_REVIEW;
  if (status === "open") return OPEN_STATUSES;
  if (status === "decided") return DECIDED_STATUSES;
  return [status];
}

/** The confidence band of a filter under the routing thresholds in force. */
function bandWhere(band: ReviewFilters["band"], settings: ReviewSettings): Prisma.ReviewItemWhereInput {
  if (band === "auto") return { confidence: { gte: settings.autoExecuteAt } };
  if (band === "review") return { confidence: { gte: settings.reviewAt, lt: settings.autoExecuteAt } };
  if (band === "escalate") return { confidence: { lt: settings.reviewAt } };
  return {};
}

export type QueueCounts = { awaiting: number; escalated: number; overdue: number; pending: number };

/** What the queue holds right now: waiting for a person (of which escalated), past their SLA, waiting for the engine. */
export async function reviewQueueCounts(now: Date): Promise<QueueCounts> {
  const [row] = await db.$queryRaw<QueueCounts[]>`
    SELECT count(*) FILTER (WHERE status IN ('in_review', 'escalated'))::int AS awaiting,
           count(*) FILTER (WHERE status = 'escalated')::int AS escalated,
           count(*) FILTER (WHERE due_at < ${now}::timestamp)::int AS overdue,
           count(*) FILTER (WHERE status = 'pending')::int AS pending
    FROM review_items WHERE status IN ('pending', 'in_review', 'escalated')`;
  return row;
}

/**
 * One page of review items, the most urgent first (priority, then the earliest due), with the
 * filters of the workspace. An open item past its due time is `overdue`; `claim` is a live claim.
 */
export async function listReviewItems(
  filters: ReviewFilters,
  settings: ReviewSettings,
  viewer: { id: string | null; role: Actor["role"] },
  now: Date,
) {
  const statuses = statusesOf(filters.status, viewer.role);
  const where: Prisma.ReviewItemWhereInput = {
    status: { in: statuses },
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.engine ? { engine: filters.engine } : {}),
    ...bandWhere(filters.band, settings),
    ...(filters.overdue ? { dueAt: { lt: now } } : {}),
  };
  const [found, total] = await Promise.all([
    db.reviewItem.findMany({
      where,
      orderBy: [{ priority: "desc" }, { dueAt: "asc" }, { id: "asc" }],
      skip: (filters.page - 1) * REVIEW_PAGE_SIZE,
      take: REVIEW_PAGE_SIZE,
      include: {
        tenant: { select: { id: true, name: true } },
        claimedBy: { select: { id: true, name: true, email: true } },
      },
    }),
    db.reviewItem.count({ where }),
  ]);
  const rows = found.map((item) => ({
    id: item.id,
    kind: item.kind,
    status: item.status,
    summary: item.summary,
    tenant: item.tenant,
    priority: item.priority,
    createdAt: item.createdAt,
    dueAt: item.dueAt,
    ...whoHasIt(item, viewer.id, now),
    confidence: item.confidence,
    recommendedAction: item.recommendedAction,
    engine: item.engine,
  }));
  return { rows, total, page: filters.page, pageCount: Math.max(1, Math.ceil(total / REVIEW_PAGE_SIZE)) };
}

export type ReviewItemPage = Awaited<ReturnType<typeof listReviewItems>>;
export type ReviewItemRow = ReviewItemPage["rows"][number];

/**
 * One item as the detail pane shows it: the tenant's context, the score and its factors, the
 * evidence, the engine's recommendation and how it was made, who has it open, and every decision
 * (newest first) with its execution's outcome. Throws NOT_FOUND.
 */
export async function reviewItemDetail(id: string, viewerId: string | null, now: Date) {
  const item = isId(id)
    ? await db.reviewItem.findUnique({
        where: { id },
        include: {
          tenant: { select: { id: true, name: true, slug: true, plan: true, status: true, createdAt: true } },
          claimedBy: { select: { id: true, name: true, email: true } },
          decisions: { orderBy: [{ decidedAt: "desc" }, { id: "desc" }] },
        },
      })
    : null;
  if (!item) throw new AppError("NOT_FOUND", "No review item with that id.");
  const reversers = [
    ...new Set(item.decisions.map((d) => d.reversedById).filter((u): u is string => u !== null)),
  ];
  const users = reversers.length
    ? await db.user.findMany({ where: { id: { in: reversers } }, select: { id: true, email: true } })
    : [];
  const emailOf = new Map(users.map((u) => [u.id, u.email]));
  return {
    id: item.id,
    kind: item.kind,
    status: item.status,
    source: item.source,
    summary: item.summary,
    priority: item.priority,
    createdAt: item.createdAt,
    dueAt: item.dueAt,
    ...whoHasIt(item, viewerId, now),
    closedNote: item.closedNote,
    evidence: item.evidence as Record<string, unknown>,
    score: item.score,
    factors: (item.factors as Factor[] | null) ?? [],
    allowedActions: REVIEW_KINDS[item.kind].actions,
    tenant: {
      ...item.tenant,
      ageDays: Math.max(0, Math.floor((now.getTime() - item.tenant.createdAt.getTime()) / DAY)),
    },
    recommendation: item.recommendedAction
      ? {
          action: item.recommendedAction,
          decision: item.recommendedDecision,
          confidence: item.confidence,
          reasoning: item.reasoning,
          policyApplied: item.policyApplied,
          engine: item.engine,
          engineNote: item.engineNote,
          model: item.engineModel,
          policyFile: item.policyFile,
          policyHash: item.policyHash,
          latencyMs: item.latencyMs,
          inputTokens: item.inputTokens,
          outputTokens: item.outputTokens,
          recommendedAt: item.recommendedAt,
        }
      : null,
    decisions: item.decisions.map((d) => ({
      id: d.id,
      verdict: d.verdict,
      action: d.action,
      note: d.note,
      actorLabel: d.actorLabel,
      decidedAt: d.decidedAt,
      recommendedAction: d.recommendedAction,
      recommendedConfidence: d.recommendedConfidence,
      engine: d.engine,
      policyFile: d.policyFile,
      policyHash: d.policyHash,
      secondsToDecision: d.secondsToDecision,
      reversedAt: d.reversedAt,
      reversedBy: d.reversedById ? (emailOf.get(d.reversedById) ?? "a removed user") : null,
      executionStatus: d.executionStatus,
      executionDetail: d.executionDetail,
      executedAt: d.executedAt,
    })),
  };
}

export type ReviewItemDetail = Awaited<ReturnType<typeof reviewItemDetail>>;
