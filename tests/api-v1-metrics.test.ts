import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { bucketStart, HOUR } from "@/lib/anomalies/buckets";
import { makeTenant, makeUser } from "./setup/fixtures";

const { POST } = await import("@/app/api/v1/metrics/route");

const { actor: owner } = await makeUser("OWNER");
const { key } = await createApiKey.execute(owner, { name: "platform", scopes: ["metrics:write"] });
const { key: otherKey } = await createApiKey.execute(owner, { name: "reporting", scopes: ["tenants:read"] });
const tenant = await makeTenant(owner);
const hour = bucketStart(new Date(Date.now() - 2 * HOUR), "hour");
const at = (minutes: number) => new Date(hour.getTime() + minutes * 60_000).toISOString();

function post(body: unknown, authorization = `Bearer ${key}`) {
  return POST(
    new Request("http://steward.test/api/v1/metrics", {
      method: "POST",
      headers: { authorization, "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

const point = (overrides: Record<string, unknown> = {}) => ({
  tenant: tenant.slug,
  metric: "error_rate",
  timestamp: at(10),
  value: 1.5,
  ...overrides,
});

async function stored(metricKey: string) {
  return (
    await db.metricPoint.findMany({
      where: { series: { tenantId: tenant.id, metric: { key: metricKey } } },
      orderBy: { bucket: "asc" },
    })
  ).map((p) => [p.bucket.toISOString(), p.value]);
}

async function expectFields(response: Response, fields: Record<string, string[]>) {
  expect(response.status).toBe(400);
  const { error } = await response.json();
  expect(error.code).toBe("VALIDATION");
  expect(error.fields).toEqual(fields);
}

describe("POST /api/v1/metrics", () => {
  it("400 with a field message for deeply nested JSON, not a 500", async () => {
    const response = await post("[".repeat(3_000) + "]".repeat(3_000));
    expect(response.status).toBe(400);
    expect((await response.json()).error.fields._form[0]).toMatch(/nested too deeply/);
  });

  it("buckets points by hour or day, combines a batch's points in one bucket by the metric's aggregation, and a resent batch changes nothing", async () => {
    const batch = {
      points: [
        // error_rate is a mean per hour; storage_gb the daily maximum; revenue a sum per hour.
        point({ timestamp: at(5), value: 1 }),
        point({ timestamp: at(50), value: 3 }),
        point({ metric: "storage_gb", timestamp: at(0), value: 10 }),
        point({ metric: "storage_gb", timestamp: at(30), value: 12.5 }),
        point({ metric: "revenue", timestamp: at(1), value: 40 }),
        point({ metric: "revenue", timestamp: at(59), value: 60 }),
        point({ metric: "revenue", timestamp: at(61), value: 7 }),
      ],
    };
    const first = await post(batch);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ points: 7, buckets: 4, inserted: 4, updated: 0, unchanged: 0 });
    const day = bucketStart(hour, "day").toISOString();
    expect(await stored("error_rate")).toEqual([[hour.toISOString(), 2]]);
    expect(await stored("storage_gb")).toEqual([[day, 12.5]]);
    expect(await stored("revenue")).toEqual([
      [hour.toISOString(), 100],
      [new Date(hour.getTime() + HOUR).toISOString(), 7],
    ]);

    const again = await post(batch);
    expect(await again.json()).toEqual({ points: 7, buckets: 4, inserted: 0, updated: 0, unchanged: 4 });
    expect(await stored("revenue")).toEqual([
      [hour.toISOString(), 100],
      [new Date(hour.getTime() + HOUR).toISOString(), 7],
    ]);
  });

  it("stores a vanishingly small value as zero", async () => {
    await post({ points: [point({ metric: "churn_rate", value: 5e-324 })] });
    expect(await stored("churn_rate")).toEqual([[bucketStart(hour, "day").toISOString(), 0]]);
  });

  it("a later report of a bucket replaces its value (last write wins)", async () => {
    const response = await post({ points: [point({ value: 9 })] });
    expect(await response.json()).toMatchObject({ inserted: 0, updated: 1, unchanged: 0 });
    expect(await stored("error_rate")).toEqual([[hour.toISOString(), 9]]);
  });

  it("names the index and field of every invalid point and records nothing", async () => {
    const before = await db.metricPoint.count();
    await expectFields(
      await post({
        points: [
          point(),
          point({ value: "NaN" }),
          point({ timestamp: new Date(Date.now() + 3_600_000).toISOString() }),
          point({ timestamp: "yesterday" }),
          point({ timestamp: new Date(Date.now() - 120 * 86_400_000).toISOString() }),
          { tenant: tenant.slug, metric: "error_rate", value: 1 },
          point({ extra: true }),
          point({ value: 1e200 }),
        ],
      }),
      {
        "points.1.value": ["value must be a finite number"],
        "points.2.timestamp": ["timestamp is in the future"],
        "points.3.timestamp": ["timestamp must be an ISO 8601 date-time, e.g. 2026-11-23T10:00:00Z"],
        "points.4.timestamp": ["timestamp is older than the 90-day retention"],
        "points.5.timestamp": ["timestamp must be an ISO 8601 date-time, e.g. 2026-11-23T10:00:00Z"],
        "points.6": ['Unrecognized key: "extra"'],
        "points.7.value": ["value must be between -1e15 and 1e15"],
      },
    );
    await expectFields(
      await post({
        points: [
          point(),
          point({ metric: "revenu" }),
          point({ tenant: "nobody-here" }),
          point({ metric: "requests" }),
        ],
      }),
      {
        "points.1.metric": ["unknown metric 'revenu'; the Anomalies rules page lists them and can add one"],
        "points.2.tenant": ["no tenant with the slug 'nobody-here'"],
        "points.3.metric": ["'requests' is computed by Steward from its own data and cannot be reported"],
      },
    );
    expect(await db.metricPoint.count()).toBe(before);
  });

  it("refuses more than 1,000 points, an empty batch, a body that is not JSON, and a key without metrics:write", async () => {
    await expectFields(await post({ points: Array.from({ length: 1_001 }, () => point()) }), {
      points: ["a batch holds at most 1000 points; split it"],
    });
    await expectFields(await post({ points: [] }), { points: ["points must hold at least one point"] });
    await expectFields(await post([point()]), { _form: ["Invalid input: expected object, received array"] });
    const notJson = await post("{ points: [");
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).error.message).toBe("The body must be JSON.");
    expect((await post({ points: [point()] }, `Bearer ${otherKey}`)).status).toBe(403);
    expect((await post({ points: [point()] }, "Bearer nope")).status).toBe(401);
  });

  it("accepts a full batch of 1,000 points", async () => {
    const points = Array.from({ length: 1_000 }, (_, i) =>
      point({
        metric: "latency_p95",
        timestamp: new Date(hour.getTime() - i * HOUR).toISOString(),
        value: 100 + (i % 7),
      }),
    );
    const response = await post({ points });
    expect(await response.json()).toEqual({
      points: 1_000,
      buckets: 1_000,
      inserted: 1_000,
      updated: 0,
      unchanged: 0,
    });
  });

  it("two batches racing for the same new series record one series and every point once", async () => {
    const other = await makeTenant(owner);
    const batch = (offset: number) => ({
      points: Array.from({ length: 200 }, (_, i) => ({
        tenant: other.slug,
        metric: "active_users",
        timestamp: new Date(hour.getTime() - (i + offset) * HOUR).toISOString(),
        value: i,
      })),
    });
    const responses = await Promise.all([post(batch(0)), post(batch(100)), post(batch(50))]);
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(await db.metricSeries.count({ where: { tenantId: other.id } })).toBe(1);
    expect(await db.metricPoint.count({ where: { series: { tenantId: other.id } } })).toBe(300);
  });
});
