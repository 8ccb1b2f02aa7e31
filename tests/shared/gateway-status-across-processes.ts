// Tenant status at the gateway across decision servers as separate processes (`npm run
// ratelimit:serve`), run on one Redis (gateway-status.test.ts) and on a Redis Cluster
// (redis-cluster.test.ts): a suspension is refused within a second, a reactivation admitted again.
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { stopChild } from "@/lib/devservices/child-process";
import { findFreePort } from "@/lib/devservices/free-port";
import { cancelTenantAs, reactivateTenant, suspendTenant } from "@/lib/tenants/change-tenant-status";
import { makeTenant, makeUser } from "../setup/fixtures";
import { until } from "../setup/until";

type Ask = (slug: string) => Promise<string>;
const cleanups: (() => Promise<unknown> | void)[] = [];

/** A decision server in a process of its own, with this file's database, Redis and prefix. */
async function startDecisionServer(key: string, env: Record<string, string> = {}) {
  const port = await findFreePort();
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/ratelimit-server.ts"], {
    env: { ...process.env, RATE_LIMIT_PORT: String(port), LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  cleanups.push(() => stopChild(child, "SIGTERM", 5_000));
  const base = `http://127.0.0.1:${port}`;
  await until(
    () => {
      if (child.exitCode !== null) throw new Error(`decision server exited:\n${output}`);
      return fetch(`${base}/health`).then(
        (response) => response.ok,
        () => false,
      );
    },
    30_000,
    "decision server started",
  );
  /** The decision for `slug` as nginx asks for it: status and reason. */
  return async (slug: string) => {
    const response = await fetch(`${base}/api/v1/ratelimit/auth?deny_status=403`, {
      headers: { authorization: `Bearer ${key}`, "x-steward-tenant": slug, "x-real-ip": "198.51.100.60" },
    });
    const body = await response.json();
    return `${response.status} ${body.reason ?? "allowed"}`;
  };
}

/** Polls `ask` until it answers `expected`; returns how long that took in ms. */
async function within1s(ask: () => Promise<string>, expected: string, since: number): Promise<number> {
  await until(async () => (await ask()) === expected, 1_000, `'${expected}'`);
  return performance.now() - since;
}

/** Two decision processes follow tenant status changes within a second. */
export function describeGatewayStatusAcrossProcesses(connection: string) {
  describe(`tenant status at the gateway, across decision processes (${connection})`, () => {
    // Two processes at once: one with the defaults, one that also refuses past_due tenants and lets
    // unknown slugs through.
    let owner: Actor;
    let standard: Ask;
    let strict: Ask;
    beforeAll(async () => {
      ({ actor: owner } = await makeUser("OWNER"));
      const { key } = await createApiKey.execute(owner, { name: "gateway", scopes: ["ratelimit:check"] });
      [standard, strict] = await Promise.all([
        startDecisionServer(key),
        startDecisionServer(key, {
          GATEWAY_DENIED_STATUSES: "suspended,cancelled,past_due",
          GATEWAY_UNKNOWN_TENANT: "allow",
        }),
      ]);
    }, 60_000);
    afterAll(async () => {
      for (const cleanup of cleanups.reverse()) await cleanup();
    });

    it("a suspension is enforced by both processes within 1 s, a reactivation lifted within 1 s", async () => {
      const tenant = await makeTenant(owner);
      // Both caches hold the tenant as trialing: only the announcement can change their answer.
      expect(await standard(tenant.slug)).toBe("200 allowed");
      expect(await strict(tenant.slug)).toBe("200 allowed");

      let since = performance.now();
      await suspendTenant.execute(owner, { id: tenant.id, reason: "Chargeback fraud" });
      const suspendedAfter = await Promise.all(
        [standard, strict].map((ask) => within1s(() => ask(tenant.slug), "403 suspended", since)),
      );

      since = performance.now();
      await reactivateTenant.execute(owner, { id: tenant.id, reason: "Dispute resolved" });
      const reactivatedAfter = await Promise.all(
        [standard, strict].map((ask) => within1s(() => ask(tenant.slug), "200 allowed", since)),
      );
      for (const ms of [...suspendedAfter, ...reactivatedAfter]) expect(ms).toBeLessThan(1_000);
    }, 20_000);

    it("a cancelled tenant is refused; past_due passes unless GATEWAY_DENIED_STATUSES lists it", async () => {
      const cancelled = await makeTenant(owner);
      expect(await standard(cancelled.slug)).toBe("200 allowed");
      await suspendTenant.execute(owner, { id: cancelled.id, reason: "Unpaid for months" });
      await cancelTenantAs(owner, { id: cancelled.id, reason: "Account closed" });
      const since = performance.now();
      await within1s(() => standard(cancelled.slug), "403 cancelled", since);
      await within1s(() => strict(cancelled.slug), "403 cancelled", since);

      // How a tenant falls behind on payments is billing's business; here it simply is past due.
      const pastDue = await makeTenant(owner);
      await db.tenant.update({ where: { id: pastDue.id }, data: { status: "past_due" } });
      expect(await standard(pastDue.slug)).toBe("200 allowed");
      expect(await strict(pastDue.slug)).toBe("403 past_due");
    });

    it("an unknown slug is refused by default and let through with GATEWAY_UNKNOWN_TENANT=allow", async () => {
      expect(await standard("nobody-by-this-name")).toBe("403 unknown_tenant");
      expect(await strict("nobody-by-this-name")).toBe("200 allowed");
    });
  });
}
