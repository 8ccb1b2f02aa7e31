// Tenant status at the gateway: decision servers as separate processes (`npm run ratelimit:serve`,
// tests/shared/gateway-status-across-processes.ts) refuse a tenant within a second of its suspension
// and admit it again within a second of its reactivation; the in-process `checkRateLimit` does the same.
import type { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { checkRateLimit, createRateLimiter } from "@/lib/rate-limits/rate-limiter";
import { createRulesCache } from "@/lib/rate-limits/rules-cache";
import { createRedis, whenReady } from "@/lib/redis";
import { cancelTenantAs, suspendTenant } from "@/lib/tenants/change-tenant-status";
import { makeTenant, makeUser } from "./setup/fixtures";
import { describeGatewayStatusAcrossProcesses } from "./shared/gateway-status-across-processes";
import { until } from "./setup/until";

const cleanups: (() => Promise<unknown> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const { actor: owner } = await makeUser("OWNER");

describeGatewayStatusAcrossProcesses("one Redis");

describe("tenant status in process (checkRateLimit)", () => {
  it("refuses suspended, cancelled and unknown tenants, lets past_due through, and follows a suspension within 1 s", async () => {
    const tenant = await makeTenant(owner);
    const ip = "198.51.100.61";
    expect(await checkRateLimit({ tenant: tenant.slug, ip })).toMatchObject({ allowed: true, reason: null });
    const since = performance.now();
    await suspendTenant.execute(owner, { id: tenant.id, reason: "Abuse report" });
    const decision = await until(
      async () => {
        const current = await checkRateLimit({ tenant: tenant.slug, ip });
        return !current.allowed && current;
      },
      1_000,
      "suspension enforced in process",
    );
    expect(performance.now() - since).toBeLessThan(1_000);
    expect(decision).toMatchObject({ reason: "suspended", retryAfterSeconds: null, limit: null });

    await cancelTenantAs(owner, { id: tenant.id, reason: "Account closed" });
    await until(
      async () => (await checkRateLimit({ tenant: tenant.slug, ip })).reason === "cancelled",
      1_000,
      "cancellation enforced in process",
    );
    const pastDue = await makeTenant(owner);
    await db.tenant.update({ where: { id: pastDue.id }, data: { status: "past_due" } });
    expect(await checkRateLimit({ tenant: pastDue.slug, ip })).toMatchObject({ allowed: true });
    expect(await checkRateLimit({ tenant: "nobody-by-this-name", ip })).toMatchObject({
      allowed: false,
      reason: "unknown_tenant",
    });
  });

  it("a refused status or unknown slug costs no Redis command; an allowed request exactly one", async () => {
    // One Redis: its sendCommand sees every command the limiter sends.
    const redis = (await whenReady(createRedis("web"))) as Redis;
    cleanups.push(() => redis.quit());
    const sent: string[] = [];
    const send = redis.sendCommand.bind(redis);
    redis.sendCommand = (command, ...rest) => (sent.push(command.name), send(command, ...rest));
    const limiter = createRateLimiter({
      redis,
      rules: createRulesCache(),
      failureMode: "open",
      timeoutMs: 500,
    });
    const [allowed, suspended] = [await makeTenant(owner), await makeTenant(owner)];
    await suspendTenant.execute(owner, { id: suspended.id, reason: "Abuse report" });
    const ip = "198.51.100.62";
    // The first run loads the script into this connection; every later one is a single EVALSHA.
    await limiter.check({ tenant: allowed.slug, ip });
    const counted = async (tenant: string) => {
      sent.length = 0;
      const decision = await limiter.check({ tenant, ip });
      return { allowed: decision.allowed, commands: [...sent] };
    };
    expect(await counted(allowed.slug)).toEqual({ allowed: true, commands: ["evalsha"] });
    expect(await counted(suspended.slug)).toEqual({ allowed: false, commands: [] });
    expect(await counted("nobody-by-this-name")).toEqual({ allowed: false, commands: [] });
  });
});
