import { describe, expect, it } from "vitest";
import { findFreePort } from "@/lib/devservices/free-port";

// Nothing listens on this port: the readiness check must say Redis is the problem, and answer.
process.env.REDIS_URL = `redis://127.0.0.1:${await findFreePort()}`;
const { GET: ready } = await import("@/app/api/health/ready/route");

describe("GET /api/health/ready with Redis down", () => {
  it("200 degraded naming Redis (rate-limit checks still answer), while Postgres is reported fine", async () => {
    const response = await ready();
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body.status).toBe("degraded");
    expect(body.checks.postgres.ok).toBe(true);
    expect(body.checks.redis).toMatchObject({ ok: false, error: "unreachable" });
    expect(body.checks.redis.latencyMs).toBeLessThanOrEqual(2_000);
  });
});
