import { z } from "zod";
import { ReviewAction, ReviewEngine, ReviewItemKind, ReviewItemStatus } from "@/lib/generated/prisma/enums";

const itemId = z.string().trim().min(1, "Choose an item").max(64);
const note = z.string().trim().max(2_000, "At most 2,000 characters");
const actionValues = Object.values(ReviewAction) as [ReviewAction, ...ReviewAction[]];

export const claimItemSchema = z.strictObject({ itemId });

/**
 * A person's decision: approve the recommendation as it is, modify it (another action), or reject it.
 * Rejecting or modifying needs a note saying why; it is what agreement analytics learn from.
 */
export const decideItemSchema = z.discriminatedUnion("verdict", [
  z.strictObject({ itemId, verdict: z.literal("approve"), note: note.optional() }),
  z.strictObject({
    itemId,
    verdict: z.literal("modify"),
    action: z.enum(actionValues, "Choose the action to execute instead"),
    note: note.min(1, "Say why you chose another action"),
  }),
  z.strictObject({ itemId, verdict: z.literal("reject"), note: note.min(1, "Say why you reject it") }),
]);

export type DecideItemInput = z.output<typeof decideItemSchema>;

export const reopenItemSchema = z.strictObject({ itemId, note: note.min(1, "Say why it is reopened") });

export const confidenceBands = ["auto", "review", "escalate"] as const;

/** Queue filters, from the query string. */
export const reviewFiltersSchema = z.object({
  kind: z
    .enum(Object.values(ReviewItemKind) as [ReviewItemKind, ...ReviewItemKind[]])
    .optional()
    .catch(undefined),
  /** A status, or "open" (waiting for anyone) / "decided". */
  status: z
    .union([
      z.enum(["open", "decided"]),
      z.enum(Object.values(ReviewItemStatus) as [ReviewItemStatus, ...ReviewItemStatus[]]),
    ])
    .optional()
    .catch(undefined),
  engine: z
    .enum(Object.values(ReviewEngine) as [ReviewEngine, ...ReviewEngine[]])
    .optional()
    .catch(undefined),
  band: z.enum(confidenceBands).optional().catch(undefined),
  /** Only items past their due time (their SLA), as the Overview's inbox links to them. */
  overdue: z
    .preprocess((v) => v === "true" || v === "on", z.boolean())
    .catch(false)
    .default(false),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export type ReviewFilters = z.output<typeof reviewFiltersSchema>;
