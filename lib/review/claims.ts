import { env } from "@/lib/env";

/** When a reviewer's claim taken at `claimedAt` lapses, or null when it has already (or there is none). */
export function liveClaimUntil(claimedAt: Date | null, now: Date): Date | null {
  if (!claimedAt) return null;
  const until = new Date(claimedAt.getTime() + env().REVIEW_CLAIM_MINUTES * 60_000);
  return until > now ? until : null;
}
