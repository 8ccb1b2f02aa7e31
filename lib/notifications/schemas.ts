import { z } from "zod";
import { NotificationSeverity } from "@/lib/generated/prisma/enums";

/**
 * One notification by id, or all of them. "All" stops at `upTo` (the newest one the person was
 * shown), so a notification raised while they looked stays unread.
 */
export const markNotificationsReadSchema = z.union(
  [
    z.object({ id: z.string().trim().min(1).max(100) }).strict(),
    z
      .object({
        all: z.literal(true),
        upTo: z.iso
          .datetime({ offset: true })
          .transform((v) => new Date(v))
          .optional(),
      })
      .strict(),
  ],
  { error: "Send { id } for one notification or { all: true, upTo? } for all of them" },
);

export type MarkNotificationsReadInput = z.input<typeof markNotificationsReadSchema>;

/** The notification center's filters, from the query string (empty values already dropped). */
export const notificationsQuerySchema = z.object({
  severity: z.enum(NotificationSeverity).optional(),
  unread: z.stringbool().default(false),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export type NotificationsQuery = z.output<typeof notificationsQuerySchema>;
