import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { Worker } from "bullmq";
import { createRedis } from "@/lib/redis";
import { closeQueues, getQueue, workerOptions } from "@/lib/jobs/queues";
import { getInbox } from "@/lib/overview/inbox";
import { getTrends } from "@/lib/overview/trends";
import { listReviewItems } from "@/lib/review/queries/review-items";
import { reviewFiltersSchema } from "@/lib/review/schemas";
import { DEFAULT_REVIEW_SETTINGS } from "@/lib/review/intake/settings";
import { createMetric } from "@/lib/anomalies/anomaly-actions";
import { listAnomalies } from "@/lib/anomalies/queries";
import { listAnomaliesSchema } from "@/lib/anomalies/schemas";
import { listTrials } from "@/lib/billing/queries";
import { listPaymentsInRecovery } from "@/lib/billing/payment-lists";
import { listTrialsSchema } from "@/lib/billing/schemas";
import { listTenants } from "@/lib/tenants/queries";
import { listTenantsSchema } from "@/lib/tenants/schemas";
import { listDocuments, listDocumentsSchema } from "@/lib/documents/queries";
import { listApiKeys } from "@/lib/api-keys/queries";
import { makeTenant, makeUser, SIGNUPS_METRIC } from "./setup/fixtures";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

afterAll(() => closeQueues());

const { actor: owner, user: ownerUser } = await makeUser("OWNER");
const now = new Date();
const at = (ms: number) => new Date(now.getTime() + ms);
const today = new Date(Math.floor(now.getTime() / DAY) * DAY);

let seq = 0;
async function reviewItem(tenantId: string, status: "in_review" | "escalated" | "approved", dueIn: number) {
  return db.reviewItem.create({
    data: {
      kind: "payment_dispute",
      status,
      tenantId,
      source: "test",
      summary: "A disputed charge",
      evidence: {},
      dedupeKey: `overview-${seq++}`,
      dueAt: at(dueIn),
    },
  });
}

async function anomaly(
  tenantId: string,
  metricId: string,
  severity: "critical" | "high" | "medium",
  status: "active" | "resolved",
) {
  const series = await db.metricSeries.upsert({
    where: { tenantId_metricId: { tenantId, metricId } },
    create: { tenantId, metricId },
    update: {},
  });
  await db.anomaly.create({
    data: {
      seriesId: series.id,
      tenantId,
      metricId,
      status,
      severity,
      firstBucket: at(-HOUR),
      lastBucket: at(-HOUR),
      peakBucket: at(-HOUR),
      value: 9,
      z: 8,
      center: 1,
      spread: 1,
      baselinePoints: 28,
      threshold: 3,
      baselineDays: 7,
      seasonality: "none",
      robust: false,
      ...(status === "resolved" ? { closedAt: now, closedById: ownerUser.id } : {}),
    },
  });
}

async function trial(tenantId: string, endsIn: number, status: "active" | "converted" = "active") {
  await db.trial.create({
    data: {
      tenantId,
      plan: "pro",
      status,
      startedAt: at(-7 * DAY),
      endsAt: at(endsIn),
      originalEndsAt: at(endsIn),
      ...(status === "converted" ? { convertedAt: at(-DAY) } : {}),
    },
  });
}

async function payment(tenantId: string, status: "retrying" | "recovered" | "succeeded") {
  await db.payment.create({
    data: {
      tenantId,
      amountMinor: 4_900,
      currency: "EUR",
      status,
      providerReference: `ch_overview_${seq++}`,
      ...(status === "recovered" ? { settledAt: at(-DAY), firstFailedAt: at(-3 * DAY) } : {}),
      ...(status === "retrying" ? { firstFailedAt: at(-DAY), nextRetryAt: at(DAY) } : {}),
    },
  });
}

async function document(tenantId: string, expiresInDays: number, required: boolean) {
  await db.tenantDocument.create({
    data: {
      tenantId,
      type: "certificate",
      title: `Certificate ${seq++}`,
      required,
      expiresOn: new Date(today.getTime() + expiresInDays * DAY),
    },
  });
}

const countOf = (inbox: Awaited<ReturnType<typeof getInbox>>, key: string) =>
  inbox.rows.find((row) => row.key === key)?.count ?? 0;

describe("getInbox", () => {
  it("is all clear on a quiet platform", async () => {
    const inbox = await getInbox("OWNER", now);
    expect(inbox.rows).toEqual([]);
    expect(inbox.health.redis.answering).toBe(true);
  });

  it("counts each kind of item that needs a person, and each count equals its linked view", async () => {
    const a = await makeTenant(owner);
    const b = await makeTenant(owner);
    await db.tenant.update({ where: { id: b.id }, data: { status: "past_due" } });

    await reviewItem(a.id, "escalated", DAY); // escalated
    await reviewItem(a.id, "escalated", -HOUR); // escalated and overdue
    await reviewItem(b.id, "in_review", -HOUR); // overdue
    await reviewItem(b.id, "in_review", DAY); // neither
    await reviewItem(b.id, "approved", -DAY); // decided: never counted

    await createMetric.execute(owner, SIGNUPS_METRIC);
    await createMetric.execute(owner, { ...SIGNUPS_METRIC, key: "logins", name: "Logins", unit: "logins" });
    const [metric, metric2] = await db.metricDefinition.findMany({
      where: { key: { in: ["signups", "logins"] } },
    });
    await anomaly(a.id, metric.id, "critical", "active");
    await anomaly(b.id, metric.id, "high", "active");
    await anomaly(a.id, metric2.id, "medium", "active"); // not high enough
    await anomaly(b.id, metric2.id, "critical", "resolved"); // closed

    await trial(a.id, 3 * DAY);
    await trial(b.id, 20 * DAY); // ends later
    await payment(a.id, "retrying");
    await payment(b.id, "succeeded");

    await document(a.id, 5, false); // expiring within 14 days
    await document(a.id, 25, false); // later than 14 days
    await document(b.id, -3, true); // expired and required
    await document(b.id, -3, false); // expired, not required

    await db.apiKey.create({
      data: {
        name: "old",
        prefix: `stw_old${seq++}`,
        secretHash: "x",
        scopes: [],
        createdById: ownerUser.id,
        createdAt: at(-400 * DAY),
        lastUsedAt: now,
      },
    });
    await db.apiKey.create({
      data: {
        name: "fresh",
        prefix: `stw_new${seq++}`,
        secretHash: "y",
        scopes: [],
        createdById: ownerUser.id,
        lastUsedAt: now,
      },
    });
    await db.ipBan.create({
      data: { tenantId: a.id, ip: "198.51.100.9", source: "auto", reason: "test", startedAt: now },
    });

    const inbox = await getInbox("OWNER", now);
    const expected = {
      "review-escalated": 2,
      "review-overdue": 2,
      "anomalies-critical": 1,
      "anomalies-high": 1,
      "trials-ending": 1,
      "payments-dunning": 1,
      "tenants-past-due": 1,
      "documents-expiring": 1,
      "documents-expired-required": 1,
      "api-keys-flagged": 1,
      "bans-today": 1,
    };
    expect(Object.fromEntries(inbox.rows.map((row) => [row.key, row.count]))).toEqual(expected);

    // The views the rows link to list exactly as many.
    const query = (key: string) => {
      const href = inbox.rows.find((row) => row.key === key)!.href;
      return Object.fromEntries(new URL(href, "http://x").searchParams);
    };
    const review = (key: string) =>
      listReviewItems(
        reviewFiltersSchema.parse(query(key)),
        DEFAULT_REVIEW_SETTINGS,
        { id: owner.id, role: "OWNER" },
        now,
      );
    expect((await review("review-escalated")).total).toBe(2);
    expect((await review("review-overdue")).total).toBe(2);
    expect((await listAnomalies(listAnomaliesSchema.parse(query("anomalies-critical")))).total).toBe(1);
    expect((await listAnomalies(listAnomaliesSchema.parse(query("anomalies-high")))).total).toBe(1);
    expect((await listTrials(listTrialsSchema.parse(query("trials-ending")), now)).total).toBe(1);
    expect((await listPaymentsInRecovery({ q: undefined, rpage: 1 })).total).toBe(1);
    expect((await listTenants(listTenantsSchema.parse(query("tenants-past-due")))).total).toBe(1);
    const documents = (key: string) => {
      const parsed = listDocumentsSchema.parse(query(key));
      return listDocuments({ ...parsed, view: parsed.view as "expiring" | "expired" }, now);
    };
    expect((await documents("documents-expiring")).total).toBe(1);
    expect((await documents("documents-expired-required")).total).toBe(1);
    expect((await listApiKeys(now)).filter((key) => key.flags.length > 0)).toHaveLength(1);
  });

  it("counts failed jobs of every queue", async () => {
    const queue = getQueue("email");
    await queue.add("send-email", { emailLogId: "missing" }, { jobId: "overview-failed", attempts: 1 });
    // Processed by hand (BullMQ's manual processing), so the test needs no running worker.
    const connection = createRedis("worker");
    const worker = new Worker(queue.name, null, workerOptions("email", connection));
    const job = await worker.getNextJob("test-token");
    await job!.moveToFailed(new Error("test"), "test-token", false);
    await worker.close();
    await connection.quit();
    expect(countOf(await getInbox("OWNER", now), "jobs-failed")).toBe(1);
    await queue.remove("overview-failed");
  });

  it("shows a reviewer only the review items a reviewer decides", async () => {
    const inbox = await getInbox("REVIEWER", now);
    expect(inbox.rows.map((row) => [row.key, row.count])).toEqual([
      ["review-waiting", 2],
      ["review-waiting-overdue", 1],
    ]);
    const filters = reviewFiltersSchema.parse({ status: "in_review", overdue: "true" });
    expect(
      (await listReviewItems(filters, DEFAULT_REVIEW_SETTINGS, { id: owner.id, role: "OWNER" }, now)).total,
    ).toBe(1);
  });
});

describe("getTrends", () => {
  it("counts new tenants, conversions and recovered payments per day over 30 days", async () => {
    const tenant = await makeTenant(owner);
    await trial(tenant.id, -DAY, "converted");
    await payment(tenant.id, "recovered");
    const trends = await getTrends(now);
    expect(trends).toHaveLength(30);
    const sum = (key: "newTenants" | "conversions" | "recovered") => trends.reduce((n, p) => n + p[key], 0);
    expect(sum("newTenants")).toBe(3);
    expect(sum("conversions")).toBe(1);
    expect(sum("recovered")).toBe(1);
    expect(trends.at(-1)!.day).toBe(now.toISOString().slice(0, 10));
  });
});
