import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startRedis } from "@/lib/devservices/redis";
import { findFreePort } from "@/lib/devservices/free-port";

// A Redis of this file's own, frozen with SIGSTOP (the connection stays open and nothing answers,
// the worst case for a client), so the other files' shared Redis is untouched. env() reads these
// once, so they are set before anything that reads it is loaded.
const redisServer = await startRedis({
  dataDir: mkdtempSync(join(tmpdir(), "steward-redis-drill-")),
  port: await findFreePort(),
});
process.env.REDIS_URL = redisServer.url;
// The drill freezes Redis for 12 s rather than the 30 s of a real drill: with a 300 ms command
// deadline every request meets Redis's silence dozens of times within it, which is what is under
// test; a longer freeze would only lengthen the suite. (The default deadline, 1 s, also answers
// within the 2 s budget.)
const FREEZE_MS = 12_000;
process.env.REDIS_COMMAND_TIMEOUT_MS = "300";
process.env.REVIEW_ENGINE = "rules";
// Signatures have their own tests (api-v1-billing-events); the drill is about Redis.
process.env.BILLING_EVENTS_UNSIGNED = "true";

const { db } = await import("@/lib/db");
const { createApiKey } = await import("@/lib/api-keys/create-api-key");
const { ensureDefaultTemplates } = await import("@/lib/email/default-templates");
const { AppError } = await import("@/lib/errors");
const { jobsOverview } = await import("@/lib/jobs/dashboard/queries");
const { getQueue, closeQueues } = await import("@/lib/jobs/queues");
const { startJobOutboxRelay } = await import("@/lib/jobs/outbox");
const { checkRateLimit } = await import("@/lib/rate-limits/rate-limiter");
const { POST: postBillingEvent } = await import("@/app/api/v1/billing/events/route");
const { POST: postPaymentIssue } = await import("@/app/api/v1/payment-issues/route");
const { makeTenant, makeUser } = await import("./setup/fixtures");
const { until } = await import("./setup/until");

await ensureDefaultTemplates();
const { actor: owner } = await makeUser("OWNER");
const { key } = await createApiKey.execute(owner, {
  name: "platform",
  scopes: ["billing:write", "payment-issues:write"],
});
const tenants = await Promise.all(Array.from({ length: 3 }, () => makeTenant(owner)));

afterAll(async () => {
  process.kill(redisServer.pid, "SIGCONT"); // in case a failed test left it frozen
  await closeQueues();
  await redisServer.stop();
});

let sent = 0;
function post(route: (request: Request) => Promise<Response>, path: string, body: unknown) {
  return route(
    new Request(`http://steward.test${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
  );
}

/** One round of what the platform and an owner do: each resolves to its status (or error) and time. */
function round() {
  const n = sent++;
  const tenant = tenants[n % tenants.length];
  const timed = async (what: string, work: () => Promise<unknown>) => {
    const started = performance.now();
    const outcome = await work().then(
      (r) => (r instanceof Response ? r.status : "ok"),
      (e: unknown) => (e instanceof AppError ? e.code : `threw ${(e as Error).message}`),
    );
    return { what, outcome, ms: performance.now() - started };
  };
  return Promise.all([
    timed("billing event", () =>
      post(postBillingEvent, "/api/v1/billing/events", {
        idempotency_key: `drill-payment-${n}`,
        type: "payment_failed",
        data: {
          tenant: tenant.slug,
          amount: 4900,
          currency: "EUR",
          provider_reference: `ch_drill_${n}`,
          failure_code: "card_declined",
        },
      }),
    ),
    timed("payment issue", () =>
      post(postPaymentIssue, "/api/v1/payment-issues", {
        idempotency_key: `drill-issue-${n}`,
        type: "dispute",
        tenant: tenant.slug,
        details: {
          payment_reference: `ch_dispute_${n}`,
          amount: 4900,
          currency: "EUR",
          reason: "fraudulent",
          evidence_due_by: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
        },
      }),
    ),
    timed("jobs dashboard", () => jobsOverview()),
    timed("rate-limit decision", () => checkRateLimit({ tenant: tenant.slug, ip: "198.51.100.7" })),
  ]);
}

describe("a Redis outage drill", () => {
  it("while Redis is frozen every request answers within 2 s; after it thaws every accepted event has its jobs exactly once", async () => {
    // Warm: connections are open and ready (the first reads open one per queue), as in a running web app.
    await until(() => jobsOverview().then(Boolean, () => false), 10_000, "the dashboard reading Redis");
    for (const { what, outcome } of await round())
      expect({ what, outcome }).toEqual({
        what,
        outcome: what === "billing event" ? 200 : what === "payment issue" ? 202 : "ok",
      });

    process.kill(redisServer.pid, "SIGSTOP");
    const frozenAt = Date.now();
    const answers: Awaited<ReturnType<typeof round>>[number][] = [];
    while (Date.now() - frozenAt < FREEZE_MS) answers.push(...(await round()));
    process.kill(redisServer.pid, "SIGCONT");

    const slowest = Math.max(...answers.map((a) => a.ms));
    console.info(
      `drill: ${answers.length} requests over ${FREEZE_MS / 1000} s of frozen Redis, slowest (ms):`,
      Object.fromEntries(
        ["billing event", "payment issue", "jobs dashboard", "rate-limit decision"].map((what) => [
          what,
          Math.round(Math.max(...answers.filter((a) => a.what === what).map((a) => a.ms))),
        ]),
      ),
    );
    expect(slowest).toBeLessThan(2_000);
    // Events and issues are accepted (their jobs wait in the outbox); the dashboard says Redis is not
    // answering (503), and the decision applies the failure mode.
    const byWhat = (what: string) => new Set(answers.filter((a) => a.what === what).map((a) => a.outcome));
    expect(byWhat("billing event")).toEqual(new Set([200]));
    expect(byWhat("payment issue")).toEqual(new Set([202]));
    expect(byWhat("jobs dashboard")).toEqual(new Set(["UNAVAILABLE"]));
    expect(byWhat("rate-limit decision")).toEqual(new Set(["ok"]));
    expect(await db.jobOutbox.count()).toBeGreaterThan(0);

    // Thawed: the worker's relay queues what waited, once, even though some requests' own attempts
    // reached Redis late, after their deadline.
    const relay = startJobOutboxRelay();
    try {
      await expect.poll(() => db.jobOutbox.count(), { timeout: 15_000, interval: 200 }).toBe(0);
    } finally {
      await relay.stop();
    }
    const emails = await db.emailLog.findMany({
      where: { templateKey: "payment_failed" },
      select: { id: true },
    });
    expect(emails.length).toBe(sent);
    const emailJobs = (
      await getQueue("email").getJobs(["waiting", "prioritized", "delayed", "active"])
    ).filter((job) => job.name === "send-email");
    expect(emailJobs.map((job) => job.id).sort()).toEqual(emails.map((e) => `email-${e.id}`).sort());
    expect(await db.reviewItem.count({ where: { source: "api.payment-issues" } })).toBe(sent);
    const decisionPasses = await getQueue("reviews").getJobs(["waiting", "prioritized", "delayed", "active"]);
    expect(decisionPasses.filter((job) => job.name === "decide-review-items").length).toBe(1);
  }, 60_000);
});
