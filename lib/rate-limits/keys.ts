import { env } from "@/lib/env";

/**
 * Where rate limiting keeps its state in Redis. The decision script builds the same names from
 * the prefix (see decision-script.ts); everything else that reads or clears state uses these.
 */
export function rateLimitPrefix(): string {
  return `${env().STEWARD_QUEUE_PREFIX}:rl:`;
}

export const rateLimitKeys = {
  ban: (tenantId: string, ip: string) => `${rateLimitPrefix()}ban:${tenantId}:${ip}`,
  violations: (tenantId: string, ip: string) => `${rateLimitPrefix()}viol:${tenantId}:${ip}`,
  window: (tenantId: string, ip: string, window: "m" | "h" | "d", bucket: number) =>
    `${rateLimitPrefix()}w:${tenantId}:${ip}:${window}:${bucket}`,
  stats: (minute: number) => `${rateLimitPrefix()}stats:${minute}`,
  pendingMinutes: () => `${rateLimitPrefix()}pending`,
  newBans: () => `${rateLimitPrefix()}new-bans`,
  /** Set by the flush and never removed: its absence means Redis has lost its data. */
  stateMarker: () => `${rateLimitPrefix()}state-marker`,
  /** Pub/sub channel: a tenant id whose rules changed, or "*" for the global policy. */
  rulesChanged: () => `${rateLimitPrefix()}rules-changed`,
};
