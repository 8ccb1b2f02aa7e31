import { afterAll, describe, expect, it } from "vitest";
import { createRedis, whenReady } from "@/lib/redis";
import { createRateLimiter } from "@/lib/rate-limits/rate-limiter";
import {
  createRulesCache,
  followRuleChanges,
  loadTenantRules,
  type TenantRules,
} from "@/lib/rate-limits/rules-cache";
import { addIpListEntry, removeIpListEntry } from "@/lib/rate-limits/ip-list-entries";
import { updateGlobalPolicy } from "@/lib/rate-limits/update-policy";
import { makeTenant, makeUser } from "./setup/fixtures";
import { until } from "./setup/until";

const connections = [createRedis("web")];
afterAll(() => Promise.all(connections.map((c) => c.quit())));

/** A limiter as one web process has it: its own cache, kept fresh by its own subscriber. */
async function webProcessLimiter() {
  const subscriber = createRedis("worker");
  connections.push(subscriber);
  const rules = createRulesCache();
  await followRuleChanges(subscriber, rules);
  await whenReady(subscriber);
  return createRateLimiter({ redis: connections[0], rules, failureMode: "open", timeoutMs: 500 });
}

const { actor: owner } = await makeUser("OWNER");

describe("rate-limit rules cache", () => {
  it("every process applies an owner's list edit and global policy change within a second", async () => {
    const tenant = await makeTenant(owner);
    const [first, second] = [await webProcessLimiter(), await webProcessLimiter()];
    const ip = "192.0.2.44";
    for (const limiter of [first, second])
      expect((await limiter.check({ tenant: tenant.slug, ip })).allowed).toBe(true);

    const { id } = await addIpListEntry.execute(owner, {
      tenantId: tenant.id,
      list: "deny",
      cidr: "192.0.2.0/24",
    });
    for (const limiter of [first, second])
      await until(
        async () => (await limiter.check({ tenant: tenant.slug, ip })).reason === "denylist",
        1_000,
        "denylist applied",
      );

    await removeIpListEntry.execute(owner, { tenantId: tenant.id, id });
    await updateGlobalPolicy.execute(owner, {
      enabled: true,
      shadow: true,
      perMinute: 7,
      perHour: "",
      perDay: "",
      banAfterViolations: "",
      banWindowSeconds: 600,
      banDurationSeconds: 3600,
    });
    for (const limiter of [first, second])
      await until(
        async () => (await limiter.check({ tenant: tenant.slug, ip })).limit === 7,
        1_000,
        "global policy applied",
      );
  });

  it("shares one load among concurrent misses, never with a read after an edit, and does not keep a load that raced an edit", async () => {
    const tenant = await makeTenant(owner);
    let loads = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const rules = createRulesCache({
      load: async (slug) => {
        loads++;
        const loaded = await loadTenantRules(slug);
        if (loads === 1) await gate;
        return loaded;
      },
    });
    const waiting = Promise.all(Array.from({ length: 20 }, () => rules.get(tenant.slug)));
    expect(loads).toBe(1);
    rules.invalidate(tenant.id);
    // A read after the edit does not join the load that started before it.
    const afterEdit = rules.get(tenant.slug);
    expect(loads).toBe(2);
    release();
    const results = await waiting;
    expect(new Set(results.map((r) => (r as TenantRules).tenantId))).toEqual(new Set([tenant.id]));
    expect((await afterEdit)?.tenantId).toBe(tenant.id);
    // The load after the edit was kept, the racing one was not: no third load.
    await rules.get(tenant.slug);
    expect(loads).toBe(2);
  });

  it("keeps serving the last known rules when Postgres fails, and remembers unknown slugs briefly", async () => {
    const tenant = await makeTenant(owner);
    let failing = false;
    let loads = 0;
    const rules = createRulesCache({
      ttlMs: 0,
      unknownTtlMs: 60_000,
      load: async (slug) => (
        loads++,
        failing ? Promise.reject(new Error("connection refused")) : loadTenantRules(slug)
      ),
    });
    const known = await rules.get(tenant.slug);
    failing = true;
    expect(await rules.get(tenant.slug)).toEqual(known);
    failing = false;
    expect(await rules.get("no-such-tenant")).toBeNull();
    const before = loads;
    expect(await rules.get("no-such-tenant")).toBeNull();
    expect(loads).toBe(before);
  });
});
