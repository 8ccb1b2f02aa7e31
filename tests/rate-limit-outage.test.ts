import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startRedis } from "@/lib/devservices/redis";
import { findFreePort } from "@/lib/devservices/free-port";
import { createRedis, whenReady } from "@/lib/redis";
import { createRateLimiter } from "@/lib/rate-limits/rate-limiter";
import { createRulesCache } from "@/lib/rate-limits/rules-cache";
import { makeTenant, makeUser } from "./setup/fixtures";

// A Redis of this file's own, so it can be frozen and stopped without touching the other files'.
const redisServer = await startRedis({
  dataDir: mkdtempSync(join(tmpdir(), "steward-rl-outage-")),
  port: await findFreePort(),
});
const connection = await whenReady(createRedis("web", { url: redisServer.url }));
const rules = createRulesCache();
const TIMEOUT_MS = 40;
const open = createRateLimiter({ redis: connection, rules, failureMode: "open", timeoutMs: TIMEOUT_MS });
const closed = createRateLimiter({ redis: connection, rules, failureMode: "closed", timeoutMs: TIMEOUT_MS });
const { actor: owner } = await makeUser("OWNER");
const tenant = await makeTenant(owner);
const input = { tenant: tenant.slug, ip: "198.51.100.20" };

afterAll(async () => {
  connection.disconnect();
  await redisServer.stop(); // already stopped by the last test, unless it failed earlier
});

/** Both limiters' answers, and the slowest of them in ms. */
async function decide() {
  const started = performance.now();
  const [whenOpen, whenClosed] = await Promise.all([open.check(input), closed.check(input)]);
  return { whenOpen, whenClosed, ms: performance.now() - started };
}

describe("rate-limit checks when Redis cannot answer", () => {
  it("decide normally while Redis answers", async () => {
    const { whenOpen, whenClosed } = await decide();
    expect(whenOpen).toMatchObject({ allowed: true, degraded: false, limit: 120 });
    expect(whenClosed).toMatchObject({ allowed: true, degraded: false });
  });

  it("a frozen Redis: fail-open allows, fail-closed denies as unavailable, both after the timeout rather than hanging", async () => {
    process.kill(redisServer.pid, "SIGSTOP");
    const { whenOpen, whenClosed, ms } = await decide();
    process.kill(redisServer.pid, "SIGCONT");
    expect(whenOpen).toMatchObject({ allowed: true, degraded: true, reason: null });
    expect(whenClosed).toMatchObject({
      allowed: false,
      degraded: true,
      reason: "unavailable",
      retryAfterSeconds: 1,
    });
    expect(ms).toBeGreaterThanOrEqual(TIMEOUT_MS - 1);
    // Generous against a busy test machine; bench figures are where speed is measured.
    expect(ms).toBeLessThan(TIMEOUT_MS + 200);
  });

  it("a stopped Redis: the same answers, at once", async () => {
    await redisServer.stop();
    const { whenOpen, whenClosed, ms } = await decide();
    expect(whenOpen).toMatchObject({ allowed: true, degraded: true });
    expect(whenClosed).toMatchObject({ allowed: false, reason: "unavailable" });
    expect(ms).toBeLessThan(TIMEOUT_MS + 200);
  });
});
