import type { Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";

/** Read state belongs to a person; Steward itself and API keys have none. */
export function notificationReaderId(actor: Actor): string {
  if (actor.kind !== "user" || !actor.id)
    throw new AppError("FORBIDDEN", "Only a signed-in person has notifications to read.");
  return actor.id;
}
