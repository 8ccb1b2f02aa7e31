import type { RateLimitPolicy } from "@/lib/generated/prisma/client";

export type EffectivePolicy = {
  enabled: boolean;
  shadow: boolean;
  limits: { perMinute: number | null; perHour: number | null; perDay: number | null };
  autoBan: { afterViolations: number; windowSeconds: number; durationSeconds: number } | null;
};

/** The global default's id in rate_limit_policies; tenants' rows use the tenant id. */
export const GLOBAL_POLICY_ID = "global";

/**
 * What applies to a tenant: without its own row, the global policy as a whole; with one, its own
 * switches, and its own limits and auto-ban only where it overrides them.
 */
export function effectivePolicy(global: RateLimitPolicy, own: RateLimitPolicy | null): EffectivePolicy {
  const limitsFrom = own?.overrideLimits ? own : global;
  const banFrom = own?.overrideAutoBan ? own : global;
  return {
    enabled: (own ?? global).enabled,
    shadow: (own ?? global).shadow,
    limits: { perMinute: limitsFrom.perMinute, perHour: limitsFrom.perHour, perDay: limitsFrom.perDay },
    autoBan: banFrom.banAfterViolations
      ? {
          afterViolations: banFrom.banAfterViolations,
          windowSeconds: banFrom.banWindowSeconds,
          durationSeconds: banFrom.banDurationSeconds,
        }
      : null,
  };
}
