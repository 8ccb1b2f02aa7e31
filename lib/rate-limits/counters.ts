import { defineAction } from "@/lib/actions/define-action";
import { db } from "@/lib/db";
import { recordAudit } from "@/lib/audit/record-audit";
import { webRedis, whenReady } from "@/lib/redis";
import { getTenantOrThrow } from "@/lib/tenants/queries";
import { rateLimitKeys } from "./keys";
import { counterLookupSchema } from "./schemas";

const WINDOWS = [
  { key: "m", label: "Minute", size: 60_000 },
  { key: "h", label: "Hour", size: 3_600_000 },
  { key: "d", label: "Day", size: 86_400_000 },
] as const;

export type IpCounters = {
  ip: string;
  windows: { label: string; current: number; previous: number; estimate: number }[];
  violations: number;
  /** Epoch ms the ban ends, 0 for a ban until lifted, null when not banned. */
  bannedUntil: number | null;
};

function bucketKeys(tenantId: string, ip: string, now: number, buckets: number[]) {
  return WINDOWS.flatMap((w) =>
    buckets.map((offset) => rateLimitKeys.window(tenantId, ip, w.key, Math.floor(now / w.size) + offset)),
  );
}

/** What the decision script currently holds for a tenant × IP, read in one round trip. */
export async function readIpCounters(tenantId: string, ip: string, now = Date.now()): Promise<IpCounters> {
  const redis = await whenReady(webRedis());
  const [counts, violations, ban] = await redis
    .multi()
    .mget(bucketKeys(tenantId, ip, now, [0, -1]))
    .zcount(rateLimitKeys.violations(tenantId, ip), "-inf", "+inf")
    .get(rateLimitKeys.ban(tenantId, ip))
    .exec()
    .then(
      (replies) =>
        replies!.map(([error, value]) => (error ? Promise.reject(error) : value)) as [
          (string | null)[],
          number,
          string | null,
        ],
    );
  const windows = WINDOWS.map((w, i) => {
    const current = Number(counts[i * 2] ?? 0);
    const previous = Number(counts[i * 2 + 1] ?? 0);
    const elapsed = now % w.size;
    return {
      label: w.label,
      current,
      previous,
      estimate: Math.round(previous * ((w.size - elapsed) / w.size) + current),
    };
  });
  const bannedUntil = ban === null ? null : Number(ban);
  return {
    ip,
    windows,
    violations,
    bannedUntil: bannedUntil !== null && bannedUntil !== 0 && bannedUntil <= now ? null : bannedUntil,
  };
}

export const lookupIpCounters = defineAction({
  name: "rateLimits.lookupIpCounters",
  roles: ["OWNER"],
  input: counterLookupSchema,
  run: async (_actor, input) => {
    await getTenantOrThrow(input.tenantId);
    return readIpCounters(input.tenantId, input.ip);
  },
});

/** Clears a tenant × IP's windows and violations (not its ban), so its next request starts afresh. */
export const resetIpCounters = defineAction({
  name: "rateLimits.resetIpCounters",
  roles: ["OWNER"],
  input: counterLookupSchema,
  run: async (actor, input) => {
    const before = await readIpCounters(input.tenantId, input.ip);
    await db.$transaction(async (tx) => {
      await getTenantOrThrow(input.tenantId, tx);
      await recordAudit(tx, actor, {
        action: "rate_limit.counters_reset",
        entityType: "tenant",
        entityId: input.tenantId,
        before: { ip: input.ip, windows: before.windows, violations: before.violations },
      });
      // Buckets either side of now too, in case Redis's clock differs a little from ours.
      await webRedis().del(
        ...bucketKeys(input.tenantId, input.ip, Date.now(), [-2, -1, 0, 1]),
        rateLimitKeys.violations(input.tenantId, input.ip),
      );
    });
    return { ip: input.ip };
  },
});
