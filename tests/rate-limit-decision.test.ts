import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createRedis } from "@/lib/redis";
import { createRateLimiter, type RateLimiter } from "@/lib/rate-limits/rate-limiter";
import { createRulesCache } from "@/lib/rate-limits/rules-cache";
import { updateGlobalPolicy, updateTenantPolicy } from "@/lib/rate-limits/update-policy";
import { addIpListEntry } from "@/lib/rate-limits/ip-list-entries";
import { flushRateLimitStats } from "@/lib/rate-limits/flush-rate-limit-stats";
import { recordPendingBans } from "@/lib/rate-limits/record-pending-bans";
import { allShardPrefixes, rateLimitKeys } from "@/lib/rate-limits/keys";
import { makeTenant, makeUser } from "./setup/fixtures";

const redis = createRedis("web");
const { actor: owner } = await makeUser("OWNER");
// A fixed clock at the start of a day, so every window starts at 0 (the script's buckets are aligned to the epoch).
const T0 = Date.UTC(2031, 0, 1);
let limiter: RateLimiter;

const noLimits = { perMinute: "", perHour: "", perDay: "" };
const policy = (overrides: Record<string, unknown>) => ({
  enabled: true,
  shadow: false,
  overrideLimits: true,
  overrideAutoBan: true,
  ...noLimits,
  banAfterViolations: "",
  banWindowSeconds: 600,
  banDurationSeconds: 3600,
  ...overrides,
});

async function tenantWith(overrides: Record<string, unknown>) {
  const tenant = await makeTenant(owner);
  await updateTenantPolicy.execute(owner, { tenantId: tenant.id, ...policy(overrides) });
  return tenant;
}

/** `count` checks one after another at `now`, returning the decisions. */
async function checks(tenant: string, ip: string, count: number, now: number) {
  const decisions = [];
  for (let i = 0; i < count; i++) decisions.push(await limiter.check({ tenant, ip }, { now }));
  return decisions;
}

beforeAll(() => {
  // No subscriber: every test edits before its first check, so the cache never holds stale rules.
  limiter = createRateLimiter({ redis, rules: createRulesCache(), failureMode: "open", timeoutMs: 500 });
});
afterAll(() => redis.quit());

describe("rate-limit decision", () => {
  it("allows up to the per-minute limit, then denies with the time until a retry passes", async () => {
    const { slug } = await tenantWith({ perMinute: 3, perHour: 100 });
    const decisions = await checks(slug, "198.51.100.1", 4, T0 + 15_000);
    expect(decisions.map((d) => [d.allowed, d.remaining])).toEqual([
      [true, 2],
      [true, 1],
      [true, 0],
      [false, 0],
    ]);
    expect(decisions[0]).toMatchObject({ limit: 3, resetSeconds: 45 });
    // 3 used in the current bucket: a request passes once the bucket has slid out — 45 s to its end plus the next bucket's decay to 2 of 3.
    expect(decisions[3]).toMatchObject({ allowed: false, reason: "limit", limit: 3, retryAfterSeconds: 65 });
    // Another IP has its own counters.
    expect((await limiter.check({ tenant: slug, ip: "198.51.100.2" }, { now: T0 + 15_000 })).allowed).toBe(
      true,
    );
  });

  it("weights the previous bucket by the share of it still inside the sliding window", async () => {
    const { slug } = await tenantWith({ perMinute: 10 });
    expect((await checks(slug, "198.51.100.3", 10, T0 + 59_000)).every((d) => d.allowed)).toBe(true);
    // 30 s into the next minute half of the previous 10 still count: 5 more pass, the 6th does not.
    const next = await checks(slug, "198.51.100.3", 6, T0 + 90_000);
    expect(next.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
    // With 5 used in this bucket, one slot frees when the previous bucket's weight falls below 4: 6 s later.
    expect(next[5].retryAfterSeconds).toBe(6);
    expect((await limiter.check({ tenant: slug, ip: "198.51.100.3" }, { now: T0 + 96_000 })).allowed).toBe(
      true,
    );
  });

  it("the tightest of minute, hour and day decides; a cost above every window never passes", async () => {
    const { slug } = await tenantWith({ perMinute: 100, perHour: 5, perDay: 1_000 });
    const decisions = await checks(slug, "198.51.100.4", 6, T0 + 1_000);
    expect(decisions.map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
    expect(decisions[0]).toMatchObject({ limit: 5, remaining: 4 });
    const tooCostly = await limiter.check({ tenant: slug, ip: "198.51.100.5", cost: 6 }, { now: T0 + 1_000 });
    expect(tooCostly).toMatchObject({ allowed: false, reason: "limit", retryAfterSeconds: null });
  });

  it("longest prefix wins between the lists; the allowlist bypasses limits, the denylist denies outright", async () => {
    const tenant = await tenantWith({ perMinute: 1 });
    for (const [list, cidr] of [
      ["deny", "203.0.113.0/24"],
      ["allow", "203.0.113.8/29"],
      ["deny", "203.0.113.9"],
      ["allow", "2001:db8::/32"],
      ["deny", "::/0"],
    ])
      await addIpListEntry.execute(owner, { tenantId: tenant.id, list, cidr });
    const verdict = async (ip: string) => {
      const d = await limiter.check({ tenant: tenant.slug, ip }, { now: T0 });
      return d.allowed ? "allowed" : d.reason;
    };
    expect(await verdict("203.0.113.1")).toBe("denylist");
    expect(await verdict("203.0.113.10")).toBe("allowed");
    expect(await verdict("203.0.113.10")).toBe("allowed"); // allowlisted: no limit applies
    expect(await verdict("203.0.113.9")).toBe("denylist"); // a /32 inside the allowed /29
    expect(await verdict("2001:db8:1::1")).toBe("allowed");
    expect(await verdict("2001:db9::1")).toBe("denylist");
    expect(await verdict("::ffff:203.0.113.10")).toBe("allowed"); // IPv4-mapped meets the IPv4 rules
    expect(await verdict("192.0.2.1")).toBe("allowed"); // unlisted: the limit applies
    expect(await verdict("192.0.2.1")).toBe("limit");
  });

  it("bans an IP after N violations within the window, lets the allowlist through, and lifts the ban when it expires", async () => {
    const tenant = await tenantWith({
      perMinute: 1,
      banAfterViolations: 3,
      banWindowSeconds: 60,
      banDurationSeconds: 300,
    });
    const ip = "2001:db8::bad";
    const decisions = await checks(tenant.slug, ip, 5, T0 + 1_000);
    // The third violation is answered with the ban it triggered.
    expect(decisions.map((d) => d.allowed || d.reason)).toEqual([true, "limit", "limit", "banned", "banned"]);
    expect(decisions[3].retryAfterSeconds).toBe(300);
    // Still banned just before it ends, even in a fresh minute; free once it has.
    expect((await limiter.check({ tenant: tenant.slug, ip }, { now: T0 + 300_999 })).reason).toBe("banned");
    expect((await limiter.check({ tenant: tenant.slug, ip }, { now: T0 + 301_001 })).allowed).toBe(true);

    const flushed = await flushRateLimitStats(redis, undefined, T0 + 600_000);
    expect(flushed.bans).toBe(1);
    const [ban] = await db.ipBan.findMany({ where: { tenantId: tenant.id } });
    expect(ban).toMatchObject({
      ip: "2001:db8::bad",
      source: "auto",
      reason: "3 violations",
      startedAt: new Date(T0 + 1_000),
      expiresAt: new Date(T0 + 301_000),
    });
  });

  it("a page listing bans records a new automatic ban at once, and the flush after it does not record it again", async () => {
    const tenant = await tenantWith({
      perMinute: 1,
      banAfterViolations: 2,
      banWindowSeconds: 60,
      banDurationSeconds: 300,
    });
    await checks(tenant.slug, "198.51.100.77", 3, T0 + 2_000);
    expect(await recordPendingBans()).toBe(1);
    expect(await db.ipBan.findMany({ where: { tenantId: tenant.id } })).toMatchObject([
      { ip: "198.51.100.77", source: "auto", reason: "2 violations" },
    ]);
    expect((await flushRateLimitStats(redis, undefined, T0 + 600_000)).bans).toBe(0);
    expect(await db.ipBan.count({ where: { tenantId: tenant.id } })).toBe(1);
  });

  it("violations spread wider than the window do not ban", async () => {
    const { slug } = await tenantWith({
      perMinute: 1,
      banAfterViolations: 3,
      banWindowSeconds: 60,
      banDurationSeconds: 300,
    });
    const reasons = [];
    for (const minute of [0, 1, 2, 3])
      for (const d of await checks(slug, "198.51.100.6", 2, T0 + minute * 61_000))
        reasons.push(d.allowed || d.reason);
    // One violation a minute with a 60 s window never adds up to three.
    expect(reasons.filter((r) => r === "banned")).toEqual([]);
  });

  it("shadow mode counts what it would deny but lets everything through", async () => {
    const tenant = await tenantWith({
      perMinute: 2,
      shadow: true,
      banAfterViolations: 1,
      banWindowSeconds: 60,
      banDurationSeconds: 60,
    });
    await addIpListEntry.execute(owner, { tenantId: tenant.id, list: "deny", cidr: "192.0.2.0/24" });
    const decisions = [
      ...(await checks(tenant.slug, "198.51.100.7", 4, T0 + 120_000)),
      ...(await checks(tenant.slug, "192.0.2.7", 1, T0 + 120_000)),
    ];
    expect(decisions.every((d) => d.allowed)).toBe(true);
    expect(decisions.map((d) => d.shadowReason)).toEqual([null, null, "limit", "limit", "denylist"]);

    await flushRateLimitStats(redis, undefined, T0 + 600_000);
    const minute = await db.rateLimitMinute.findUniqueOrThrow({
      where: { tenantId_minute: { tenantId: tenant.id, minute: new Date(T0 + 120_000) } },
    });
    expect(minute).toMatchObject({ allowed: 2, denied: 0, shadowDenied: 3 });
    const violations = await db.rateLimitViolation.findMany({
      where: { tenantId: tenant.id },
      orderBy: { ip: "asc" },
    });
    expect(violations.map((v) => [v.ip, v.reason, v.shadow, v.count])).toEqual([
      ["192.0.2.7", "denylist", true, 1],
      ["198.51.100.7", "limit", true, 2],
    ]);
    expect(await db.ipBan.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("a disabled tenant is counted but never limited; the global policy applies to tenants without their own", async () => {
    const disabled = await tenantWith({ enabled: false, perMinute: 1 });
    expect(
      (await checks(disabled.slug, "198.51.100.8", 3, T0)).every((d) => d.allowed && d.limit === null),
    ).toBe(true);

    await updateGlobalPolicy.execute(owner, {
      enabled: true,
      shadow: false,
      perMinute: 2,
      perHour: "",
      perDay: "",
      banAfterViolations: "",
      banWindowSeconds: 600,
      banDurationSeconds: 3600,
    });
    const inheriting = await makeTenant(owner);
    expect((await checks(inheriting.slug, "198.51.100.8", 3, T0)).map((d) => d.allowed)).toEqual([
      true,
      true,
      false,
    ]);
  });

  it("flushing is idempotent: minutes are set, not added, and settled minutes leave Redis", async () => {
    const tenant = await tenantWith({ perMinute: 1 });
    const minuteAt = T0 + 3 * 3_600_000;
    await checks(tenant.slug, "198.51.100.9", 3, minuteAt);
    await flushRateLimitStats(redis, undefined, minuteAt + 10_000); // the minute is still running: kept in Redis
    await flushRateLimitStats(redis, undefined, minuteAt + 10_000);
    await checks(tenant.slug, "198.51.100.9", 1, minuteAt + 20_000);
    await flushRateLimitStats(redis, undefined, minuteAt + 600_000);
    await flushRateLimitStats(redis, undefined, minuteAt + 600_000);
    const where = { tenantId: tenant.id };
    expect(await db.rateLimitMinute.findMany({ where, select: { allowed: true, denied: true } })).toEqual([
      { allowed: 1, denied: 3 },
    ]);
    expect(
      await db.rateLimitHour.findMany({ where, select: { hour: true, allowed: true, denied: true } }),
    ).toEqual([{ hour: new Date(minuteAt), allowed: 1, denied: 3 }]);
    expect(await db.rateLimitViolation.findMany({ where, select: { count: true } })).toEqual([{ count: 3 }]);
    const statsKeys = allShardPrefixes().map((shard) => rateLimitKeys.stats(shard, minuteAt / 60_000));
    expect(await redis.exists(...statsKeys)).toBe(0);
  });

  it("rejects bad input with clear errors, and denies unknown tenants", async () => {
    const { slug } = await tenantWith({ perMinute: 5 });
    const fields = async (input: unknown) =>
      limiter.check(input).then(
        () => "passed",
        (e) => ({ code: e.code, fields: e.fields }),
      );
    expect(await fields({ ip: "192.0.2.1" })).toMatchObject({
      code: "VALIDATION",
      fields: { tenant: ["tenant is required"] },
    });
    expect(await fields({ tenant: slug, ip: "192.0.2.300" })).toMatchObject({
      code: "VALIDATION",
      fields: { ip: ["'192.0.2.300' is not an IPv4 or IPv6 address"] },
    });
    expect(await fields({ tenant: slug, ip: "10.0.0.0/8" })).toMatchObject({
      code: "VALIDATION",
      fields: { ip: [expect.stringContaining("not an IPv4 or IPv6 address")] },
    });
    expect(await fields({ tenant: slug, ip: "192.0.2.1", cost: -1 })).toMatchObject({
      code: "VALIDATION",
      fields: { cost: ["cost is at least 1"] },
    });
    expect(await fields({ tenant: slug, ip: "192.0.2.1", cost: 1.5 })).toMatchObject({
      code: "VALIDATION",
      fields: { cost: ["cost must be a whole number"] },
    });
    // An unknown slug is not an error but a denial (GATEWAY_UNKNOWN_TENANT=deny by default).
    expect(await limiter.check({ tenant: "no-such-tenant", ip: "192.0.2.1" })).toMatchObject({
      allowed: false,
      reason: "unknown_tenant",
      limit: null,
    });
  });
});
