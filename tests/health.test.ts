import { describe, expect, it } from "vitest";
import { GET as live } from "@/app/api/health/route";
import { GET as ready } from "@/app/api/health/ready/route";

describe("health", () => {
  it("GET /api/health answers while the process runs", async () => {
    expect(await live().json()).toEqual({ status: "ok" });
  });

  it("GET /api/health/ready – 200 when Postgres and Redis answer", async () => {
    const response = await ready();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      status: "ready",
      checks: { postgres: { ok: true }, redis: { ok: true } },
    });
  });
});
