import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { Registry } from "prom-client";
import { UnrecoverableError, Worker } from "bullmq";
import { GET } from "@/app/api/metrics/route";
import { GET as live } from "@/app/api/health/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { emailDigest, encryptPii } from "@/lib/crypto/pii";
import { db } from "@/lib/db";
import { enqueue } from "@/lib/jobs/enqueue";
import { closeQueues, workerOptions } from "@/lib/jobs/queues";
import { createRedis, webRedis, whenReady } from "@/lib/redis";
import { countAttempts } from "@/lib/webhooks/delivery-stats";
import { makeUser } from "./setup/fixtures";

const { actor: owner } = await makeUser("OWNER");
const { key } = await createApiKey.execute(owner, { name: "prometheus", scopes: ["metrics:read"] });
const { key: tenantsKey } = await createApiKey.execute(owner, {
  name: "billing sync",
  scopes: ["tenants:read"],
});

// Two sent and one failed email; nothing queued.
const email = (dedupeKey: string, status: "sent" | "failed") => ({
  dedupeKey,
  templateKey: "trial_expired",
  recipientEncrypted: encryptPii("ops@tenant.example"),
  recipientDigest: emailDigest("ops@tenant.example"),
  variablesEncrypted: encryptPii("{}"),
  status,
});
await db.emailLog.createMany({ data: [email("m:1", "sent"), email("m:2", "sent"), email("m:3", "failed")] });

// Two email jobs that complete after ~200 ms and one that fails, run by a real worker; then one
// left waiting in Redis once the worker has stopped.
const connection = createRedis("worker");
const worker = new Worker(
  "email",
  async (job) => {
    if (job.data.emailLogId === "metrics-fails") throw new UnrecoverableError("refused by the test");
    await new Promise((resolve) => setTimeout(resolve, 200));
  },
  workerOptions("email", connection),
);
const settled = new Promise<void>((resolve) => {
  let finished = 0;
  const onFinished = () => ++finished === 3 && resolve();
  worker.on("completed", onFinished).on("failed", onFinished);
});
for (const id of ["metrics-ok-1", "metrics-ok-2", "metrics-fails"])
  await enqueue("send-email", { emailLogId: id });
await settled;
await worker.close();
await connection.quit();
await enqueue("send-email", { emailLogId: "metrics-waiting" });

afterAll(closeQueues);

const scrape = (authorization: string | null = `Bearer ${key}`) =>
  GET(new Request("http://steward.test/api/metrics", { headers: authorization ? { authorization } : {} }));

/** The value of one sample in a text exposition, matched on its labels in any order. */
function sample(body: string, name: string, labels: Record<string, string>): number | undefined {
  for (const line of body.split("\n")) {
    const match = line.match(/^([a-z_:]+)(?:\{(.*)\})? (\S+)$/);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]),
    );
    if (
      Object.entries(labels).every(([k, v]) => found[k] === v) &&
      Object.keys(found).length === Object.keys(labels).length
    )
      return Number(match[3]);
  }
  return undefined;
}

describe("GET /api/metrics", () => {
  it("401 without a key", async () => {
    const response = await scrape(null);
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe("UNAUTHENTICATED");
  });

  it("403 for a key without the metrics:read scope", async () => {
    const response = await scrape(`Bearer ${tenantsKey}`);
    expect(response.status).toBe(403);
    expect((await response.json()).error.code).toBe("FORBIDDEN");
  });

  it("200 in Prometheus text format with queue depths, job outcomes and durations, and emails by status", async () => {
    const response = await scrape();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe(Registry.PROMETHEUS_CONTENT_TYPE);
    const body = await response.text();

    expect(body).toContain('steward_queue_jobs{queue="email",state="waiting"} 1');
    expect(sample(body, "steward_queue_jobs", { queue: "alerts", state: "waiting" })).toBe(0);
    expect(sample(body, "steward_queue_paused", { queue: "email" })).toBe(0);

    expect(sample(body, "steward_jobs_finished", { queue: "email", outcome: "completed" })).toBe(2);
    expect(sample(body, "steward_jobs_finished", { queue: "email", outcome: "failed" })).toBe(1);
    expect(sample(body, "steward_jobs_finished", { queue: "maintenance", outcome: "failed" })).toBe(0);
    const median = sample(body, "steward_job_duration_seconds", {
      queue: "email",
      state: "completed",
      quantile: "0.5",
    });
    expect(median).toBeGreaterThanOrEqual(0.2);
    expect(median).toBeLessThan(2);
    expect(
      sample(body, "steward_job_duration_seconds", { queue: "email", state: "failed", quantile: "0.5" }),
    ).toBeLessThan(0.2);

    expect(sample(body, "steward_emails", { status: "sent" })).toBe(2);
    expect(sample(body, "steward_emails", { status: "failed" })).toBe(1);
    expect(sample(body, "steward_emails", { status: "queued" })).toBe(0);

    expect(body).toMatch(/^process_cpu_user_seconds_total \S+$/m);
    expect(body).not.toContain("steward_metrics_read_errors_total{");
  });

  it("passes `promtool check metrics` (Prometheus's own linter) on a real scrape", async () => {
    await countAttempts(await whenReady(webRedis()), [
      { delivered: true, latencyMs: 40 },
      { delivered: false, latencyMs: 3_000 },
    ]);
    const body = await (await scrape()).text();
    const promtool = spawnSync("promtool", ["check", "metrics"], { input: body, encoding: "utf8" });
    expect(promtool.error, "promtool is installed (Debian package prometheus)").toBeUndefined();
    expect(`${promtool.stdout}${promtool.stderr}`).toBe("");
    expect(promtool.status).toBe(0);

    // Webhook latency as a histogram in seconds; job run times as a summary.
    expect(body).toContain("# TYPE steward_webhook_attempt_duration_seconds histogram");
    expect(
      sample(body, "steward_webhook_attempt_duration_seconds_bucket", { le: "0.05" }),
    ).toBeGreaterThanOrEqual(1);
    expect(sample(body, "steward_webhook_attempt_duration_seconds_count", {})).toBeGreaterThanOrEqual(2);
    expect(sample(body, "steward_webhook_attempt_duration_seconds_sum", {})).toBeGreaterThanOrEqual(3.04);
    expect(body).toContain("# TYPE steward_job_duration_seconds summary");
  });

  it("counts HTTP requests by route, method and status, with their latencies", async () => {
    const before = await (await scrape()).text();
    expect(live().status).toBe(200);
    expect((await scrape(null)).status).toBe(401);
    const after = await (await scrape()).text();

    const count = (body: string, labels: Record<string, string>) =>
      sample(body, "steward_http_requests_total", labels) ?? 0;
    expect(count(after, { route: "/api/health", method: "GET", status: "200" })).toBe(
      count(before, { route: "/api/health", method: "GET", status: "200" }) + 1,
    );
    expect(count(after, { route: "/api/metrics", method: "GET", status: "401" })).toBe(
      count(before, { route: "/api/metrics", method: "GET", status: "401" }) + 1,
    );
    // The scrape that produced `before` was recorded once it had answered.
    expect(count(after, { route: "/api/metrics", method: "GET", status: "200" })).toBe(
      count(before, { route: "/api/metrics", method: "GET", status: "200" }) + 1,
    );
    expect(
      sample(after, "steward_http_request_duration_seconds_count", { route: "/api/health", method: "GET" }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      sample(after, "steward_http_request_duration_seconds_bucket", {
        route: "/api/health",
        method: "GET",
        le: "+Inf",
      }),
    ).toBeGreaterThanOrEqual(1);
  });
});
