import { z } from "zod";
import { db } from "@/lib/db";
import type { ReviewItemKind } from "@/lib/generated/prisma/enums";
import { REVIEW_KIND_NAMES, REVIEW_KINDS } from "@/lib/review/kinds";

const weight = z.coerce.number().int().min(0, "at least 0").max(100, "at most 100");
const hours = z.coerce
  .number()
  .int()
  .min(1, "at least 1 hour")
  .max(24 * 30, "at most 30 days");

/**
 * The owner's review settings. Every key has a default, so a stored row written by an older version
 * (or none at all) still reads as a complete set.
 */
export const reviewSettingsSchema = z
  .object({
    /** Routing by the engine's confidence (0–100). */
    autoExecuteAt: z.coerce.number().int().min(1).max(100).default(90),
    reviewAt: z.coerce.number().int().min(0).max(100).default(70),
    /** Suspensions are only ever executed by a person unless the owner turns this on. */
    autoExecuteSuspensions: z.boolean().default(false),
    suspension: z
      .object({
        /** A tenant scoring at least this (0–100) is recommended for suspension. */
        threshold: z.coerce.number().int().min(1).max(100).default(50),
        /** After a tenant's suspension item was decided (whatever the verdict), it is not raised again for this many days. */
        quietDaysAfterDecision: z.coerce.number().int().min(0).max(90).default(7),
        /** Days without activity from which inactivity starts to count, and at which it counts fully. */
        inactiveFromDays: z.coerce.number().int().min(1).max(365).default(14),
        inactiveFullDays: z.coerce.number().int().min(2).max(730).default(60),
        /** The most points each factor can add (they sum to the 0–100 score, capped at 100). */
        weights: z
          .object({
            inactivity: weight.default(20),
            unpaid: weight.default(35),
            rateLimitAbuse: weight.default(25),
            criticalAnomalies: weight.default(20),
          })
          .prefault({}),
      })
      .prefault({})
      .refine((s) => s.inactiveFullDays > s.inactiveFromDays, {
        message: "Inactivity counts fully later than it starts to count",
        path: ["inactiveFullDays"],
      }),
    /** Hours from creation within which a kind should be decided (its SLA). */
    slaHours: z
      .object(
        Object.fromEntries(
          REVIEW_KIND_NAMES.map((kind) => [kind, hours.default(REVIEW_KINDS[kind].defaultSlaHours)]),
        ) as Record<ReviewItemKind, ReturnType<typeof hours.default>>,
      )
      .prefault({}),
  })
  .refine((s) => s.autoExecuteAt > s.reviewAt, {
    message: "Auto-execution must need more confidence than review",
    path: ["autoExecuteAt"],
  });

export type ReviewSettings = z.output<typeof reviewSettingsSchema>;

export const DEFAULT_REVIEW_SETTINGS: ReviewSettings = reviewSettingsSchema.parse({});

/** The settings in force (the stored row over the defaults; a stored row that no longer validates falls back to them). */
export async function getReviewSettings(): Promise<ReviewSettings> {
  const row = await db.reviewSettings.findUnique({ where: { id: 1 } });
  const parsed = reviewSettingsSchema.safeParse(row?.settings ?? {});
  return parsed.success ? parsed.data : DEFAULT_REVIEW_SETTINGS;
}
