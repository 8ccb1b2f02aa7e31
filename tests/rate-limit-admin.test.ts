import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createRedis } from "@/lib/redis";
import { createRateLimiter } from "@/lib/rate-limits/rate-limiter";
import { createRulesCache } from "@/lib/rate-limits/rules-cache";
import { addIpListEntry } from "@/lib/rate-limits/ip-list-entries";
import { banIp, liftBan } from "@/lib/rate-limits/bans";
import { lookupIpCounters, resetIpCounters } from "@/lib/rate-limits/counters";
import { platformTraffic, tenantTraffic, volumeSpikes } from "@/lib/rate-limits/queries";
import { flushRateLimitStats } from "@/lib/rate-limits/flush-rate-limit-stats";
import { rateLimitKeys } from "@/lib/rate-limits/keys";
import { makeTenant, makeUser } from "./setup/fixtures";

const { actor: owner } = await makeUser("OWNER");
const redis = createRedis("web");
const limiter = createRateLimiter({
  redis,
  rules: createRulesCache({ ttlMs: 0 }),
  failureMode: "open",
  timeoutMs: 500,
});
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => "passed",
    (e) => ({ code: e.code, message: e.message, fields: e.fields }),
  );

describe("rate-limit administration", () => {
  it("a list entry is stored canonically, a duplicate is a field error, a bad range says what is wrong; each addition is audited", async () => {
    const tenant = await makeTenant(owner);
    expect(
      await addIpListEntry.execute(owner, { tenantId: tenant.id, list: "deny", cidr: "2001:DB8:0:0::/32" }),
    ).toMatchObject({ cidr: "2001:db8::/32" });
    expect(
      await failure(
        addIpListEntry.execute(owner, { tenantId: tenant.id, list: "allow", cidr: "2001:db8::/32" }),
      ),
    ).toMatchObject({ code: "CONFLICT", fields: { cidr: ["Already on the denylist"] } });
    expect(
      await failure(addIpListEntry.execute(owner, { tenantId: tenant.id, list: "deny", cidr: "10.0.0.1/8" })),
    ).toMatchObject({
      code: "VALIDATION",
      fields: { cidr: ["'10.0.0.1/8' has host bits set; did you mean 10.0.0.0/8?"] },
    });
    expect(
      await failure(addIpListEntry.execute(owner, { tenantId: tenant.id, list: "grey", cidr: "10.0.0.0/8" })),
    ).toMatchObject({ code: "VALIDATION", fields: { list: ["Choose the allowlist or the denylist"] } });
    expect(
      await db.auditLog.count({ where: { entityId: tenant.id, action: "rate_limit.denylist_added" } }),
    ).toBe(1);
  });

  it("a manual ban denies at once and is lifted by hand; both audited; a second ban of a banned IP is refused", async () => {
    const tenant = await makeTenant(owner);
    const ip = "198.51.100.60";
    const { id } = await banIp.execute(owner, {
      tenantId: tenant.id,
      ip,
      reason: "credential stuffing",
      durationMinutes: "",
    });
    const denied = await limiter.check({ tenant: tenant.slug, ip });
    expect(denied).toMatchObject({ allowed: false, reason: "banned", retryAfterSeconds: null });
    expect(
      await failure(banIp.execute(owner, { tenantId: tenant.id, ip, reason: "again", durationMinutes: 5 })),
    ).toMatchObject({ code: "CONFLICT" });

    await liftBan.execute(owner, { tenantId: tenant.id, id });
    expect((await limiter.check({ tenant: tenant.slug, ip })).allowed).toBe(true);
    expect(await failure(liftBan.execute(owner, { tenantId: tenant.id, id }))).toMatchObject({
      code: "CONFLICT",
    });
    const actions = (
      await db.auditLog.findMany({
        where: { entityId: tenant.id, action: { startsWith: "rate_limit." } },
        orderBy: { createdAt: "asc" },
      })
    ).map((a) => a.action);
    expect(actions).toEqual(["rate_limit.ip_banned", "rate_limit.ban_lifted"]);
  });

  it("the minute flush restores manual bans Redis lost, and leaves lifted ones lifted", async () => {
    const tenant = await makeTenant(owner);
    await banIp.execute(owner, {
      tenantId: tenant.id,
      ip: "198.51.100.61",
      reason: "abuse",
      durationMinutes: 60,
    });
    const { id: lifted } = await banIp.execute(owner, {
      tenantId: tenant.id,
      ip: "198.51.100.62",
      reason: "abuse",
      durationMinutes: "",
    });
    await liftBan.execute(owner, { tenantId: tenant.id, id: lifted });
    expect((await flushRateLimitStats(redis)).reapplied).toBe(0); // nothing lost: Redis holds the ban
    // Redis loses its data (the other test files share this Redis, so only this file's keys go).
    await redis.del(rateLimitKeys.ban(tenant.id, "198.51.100.61"), rateLimitKeys.stateMarker());
    expect((await limiter.check({ tenant: tenant.slug, ip: "198.51.100.61" })).allowed).toBe(true);
    expect((await flushRateLimitStats(redis)).reapplied).toBe(1);
    expect(await limiter.check({ tenant: tenant.slug, ip: "198.51.100.61" })).toMatchObject({
      allowed: false,
      reason: "banned",
    });
    expect((await limiter.check({ tenant: tenant.slug, ip: "198.51.100.62" })).allowed).toBe(true);
  });

  it("an owner reads a tenant × IP's counters and resets them", async () => {
    const tenant = await makeTenant(owner);
    const ip = "2001:db8::60";
    for (let i = 0; i < 3; i++) await limiter.check({ tenant: tenant.slug, ip: "2001:DB8:0::60" });
    const counters = await lookupIpCounters.execute(owner, { tenantId: tenant.id, ip });
    expect(counters.windows.map((w) => w.current)).toEqual([3, 3, 3]);
    await resetIpCounters.execute(owner, { tenantId: tenant.id, ip });
    expect(
      (await lookupIpCounters.execute(owner, { tenantId: tenant.id, ip })).windows.map((w) => w.estimate),
    ).toEqual([0, 0, 0]);
    expect(
      await db.auditLog.count({ where: { entityId: tenant.id, action: "rate_limit.counters_reset" } }),
    ).toBe(1);
  });

  it("traffic fills empty slots with zeros; a spike scores its z against the 7-day hourly baseline", async () => {
    const tenant = await makeTenant(owner);
    const now = new Date(Date.UTC(2031, 5, 1, 12, 30));
    const hour = 3_600_000;
    // 168 baseline hours alternating 90 and 110 requests: mean 100, standard deviation 10.
    await db.rateLimitHour.createMany({
      data: Array.from({ length: 168 }, (_, i) => ({
        tenantId: tenant.id,
        hour: new Date(Date.UTC(2031, 5, 1, 11) - (i + 1) * hour),
        allowed: i % 2 ? 90 : 110,
        denied: 0,
        shadowDenied: 0,
      })),
    });
    await db.rateLimitMinute.createMany({
      data: [
        {
          tenantId: tenant.id,
          minute: new Date(now.getTime() - 10 * 60_000),
          allowed: 120,
          denied: 30,
          shadowDenied: 0,
        },
      ],
    });
    const [spike] = (await volumeSpikes(now)).filter((s) => s.tenantId === tenant.id);
    expect(spike).toMatchObject({ lastHour: 150, mean: 100 });
    expect(spike.stddev).toBeCloseTo(10, 6);
    expect(spike.z).toBeCloseTo(5, 6);

    const traffic = await tenantTraffic(tenant.id, "hour", now);
    expect(traffic).toHaveLength(60);
    expect(traffic.filter((p) => p.allowed > 0)).toEqual([
      { at: new Date(now.getTime() - 10 * 60_000).toISOString(), allowed: 120, denied: 30, shadowDenied: 0 },
    ]);

    // The page's chart sums every tenant per hour over the last 24 h, this one's included.
    const other = await makeTenant(owner);
    await db.rateLimitHour.create({
      data: {
        tenantId: other.id,
        hour: new Date(Date.UTC(2031, 5, 1, 10)),
        allowed: 5,
        denied: 7,
        shadowDenied: 1,
      },
    });
    const platform = await platformTraffic(now);
    expect(platform).toHaveLength(24);
    expect(platform[0].at).toBe(new Date(Date.UTC(2031, 4, 31, 13)).toISOString());
    expect(platform.at(-1)).toMatchObject({
      at: new Date(Date.UTC(2031, 5, 1, 12)).toISOString(),
      allowed: 0,
    });
    expect(platform.find((p) => p.at === new Date(Date.UTC(2031, 5, 1, 10)).toISOString())).toEqual({
      at: new Date(Date.UTC(2031, 5, 1, 10)).toISOString(),
      allowed: 110 + 5,
      denied: 7,
      shadowDenied: 1,
    });
  });
});
