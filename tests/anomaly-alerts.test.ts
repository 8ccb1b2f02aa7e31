import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { bucketStart, HOUR } from "@/lib/anomalies/buckets";
import { detectAnomalies } from "@/lib/anomalies/detect-anomalies";
import { recordMetricPoints } from "@/lib/anomalies/record-metric-points";
import { acknowledgeAnomaly, closeAnomaly, createMetric } from "@/lib/anomalies/anomaly-actions";
import { alertOwners } from "@/lib/anomalies/alert-owners";
import { until } from "./setup/until";
import { deliverEmailsToTestServer } from "./setup/mail-delivery";
import { makeTenant, makeUser, ZSCORE_RULE } from "./setup/fixtures";

// These tests step whole hours; the settling delay has its own test in anomaly-edge-cases.
process.env.ANOMALY_SETTLE_MINUTES = "0";
// Read once by env(): a digest replaces single alerts above two at once; six hours of quiet per tenant × metric.
process.env.ANOMALY_DIGEST_THRESHOLD = "2";
process.env.ANOMALY_ALERT_COOLDOWN_MINUTES = "360";

const received = deliverEmailsToTestServer();
const { user: ownerUser, actor: owner } = await makeUser("OWNER");
const { user: secondOwner } = await makeUser("OWNER");
await makeUser("OWNER", { disabled: true });
await makeUser("REVIEWER");
const owners = [ownerUser.email, secondOwner.email].sort();

const now = bucketStart(new Date(), "hour");
const hoursAgo = (h: number) => new Date(now.getTime() - h * HOUR);
let metrics = 0;

/** A metric whose flat history of 10 ± 1 makes a value of 40 a critical spike (z ≈ 30 ≥ 7). */
async function metric() {
  const key = `alerts_${metrics++}`;
  await createMetric.execute(owner, {
    key,
    name: `Queue depth ${metrics}`,
    unit: "jobs",
    ...ZSCORE_RULE,
    aggregation: "max",
    direction: "spike",
  });
  return key;
}

/** Eight days of history for a new tenant, then `spikes` as { hours ago: value }. */
async function series(
  metricKey: string,
  spikes: Record<number, number> = {},
  tenant?: { slug: string; id: string },
) {
  tenant ??= await makeTenant(owner);
  const points = Array.from({ length: 8 * 24 }, (_, i) => {
    const ago = 8 * 24 - i;
    return {
      tenant: tenant.slug,
      metric: metricKey,
      timestamp: hoursAgo(ago),
      value: spikes[ago] ?? 10 + (i % 3) - 1,
    };
  });
  await recordMetricPoints(points);
  return tenant;
}

const alertEmails = (subject: RegExp) => received.filter((r) => subject.test(r.mail.subject ?? ""));

describe("anomaly alerts", () => {
  it("emails every active owner once about a critical anomaly, and raises one in-app notification", async () => {
    const key = await metric();
    const tenant = await series(key, { 2: 40 });
    await detectAnomalies(now);
    await detectAnomalies(now);
    const anomaly = await db.anomaly.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(anomaly).toMatchObject({ severity: "critical", alertedAt: now });
    const mails = await until(() => {
      const found = alertEmails(new RegExp(`^Critical anomaly: Queue depth ${metrics} for `));
      return found.length === 2 && found;
    }, 15_000);
    expect(mails.flatMap((m) => m.to).sort()).toEqual(owners);
    expect(mails[0].mail.text).toMatch(
      new RegExp(`Queue depth ${metrics} \\d+% above its usual level \\(z = \\d+\\.\\d, threshold 3\\)`),
    );
    expect(mails[0].mail.text).toContain(`/anomalies/${anomaly.id}`);
    expect(
      await db.notification.findMany({ where: { dedupeKey: `anomaly-alert:${anomaly.id}` } }),
    ).toMatchObject([{ severity: "critical", link: `/anomalies/${anomaly.id}` }]);
    expect(
      await db.emailLog.count({ where: { dedupeKey: { startsWith: `anomaly-alert:${anomaly.id}:` } } }),
    ).toBe(2);
  });

  it("alerts a tenant × metric at most once per cool-down, and again after it if still active", async () => {
    const key = await metric();
    const tenant = await series(key, { 30: 40 });
    await detectAnomalies(hoursAgo(29));
    const first = await db.anomaly.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(first.alertedAt).toEqual(hoursAgo(29));
    await closeAnomaly.execute(owner, {
      anomalyId: first.id,
      outcome: "resolved",
      note: "Backlog after a deploy",
    });

    // A new spike 3 hours later opens a new anomaly, inside the 6-hour quiet period: not alerted yet.
    await recordMetricPoints([{ tenant: tenant.slug, metric: key, timestamp: hoursAgo(27), value: 45 }]);
    await detectAnomalies(hoursAgo(26));
    const second = await db.anomaly.findFirstOrThrow({ where: { tenantId: tenant.id, status: "active" } });
    expect(second).toMatchObject({ severity: "critical", alertedAt: null });
    await detectAnomalies(hoursAgo(24));
    expect((await db.anomaly.findUniqueOrThrow({ where: { id: second.id } })).alertedAt).toBeNull();

    // Six hours after the first alert it is still active: owners hear about it once.
    await detectAnomalies(hoursAgo(23));
    expect((await db.anomaly.findUniqueOrThrow({ where: { id: second.id } })).alertedAt).toEqual(
      hoursAgo(23),
    );
    expect(
      await db.emailLog.count({ where: { dedupeKey: { startsWith: `anomaly-alert:${second.id}:` } } }),
    ).toBe(2);
  });

  it("does not alert about an anomaly someone acknowledged while its alert waited out the cool-down", async () => {
    const key = await metric();
    const tenant = await series(key, { 2: 40 });
    await db.metricSeries.updateMany({
      where: { tenantId: tenant.id },
      data: { lastAlertedAt: hoursAgo(1) },
    });
    await detectAnomalies(now);
    const anomaly = await db.anomaly.findFirstOrThrow({ where: { tenantId: tenant.id } });
    expect(anomaly).toMatchObject({ severity: "critical", alertedAt: null });
    await acknowledgeAnomaly.execute(owner, {
      anomalyId: anomaly.id,
      assigneeId: ownerUser.id,
      note: "Looking into it",
    });
    await alertOwners(new Date(now.getTime() + 7 * HOUR));
    expect(await db.anomaly.findUniqueOrThrow({ where: { id: anomaly.id } })).toMatchObject({
      status: "acknowledged",
      alertedAt: null,
    });
  });

  it("sends one digest instead of single alerts when more than the threshold fire at once", async () => {
    const key = await metric();
    const tenants = [];
    for (let i = 0; i < 3; i++) tenants.push(await series(key, { 1: 40 + i }));
    await detectAnomalies(now);
    const anomalies = await db.anomaly.findMany({ where: { tenantId: { in: tenants.map((t) => t.id) } } });
    expect(anomalies.map((a) => a.alertedAt)).toEqual([now, now, now]);
    const digests = await until(() => {
      const found = alertEmails(/^\d+ critical anomalies$/);
      return found.length === 2 && found;
    }, 15_000);
    expect(digests.flatMap((d) => d.to).sort()).toEqual(owners);
    for (const tenant of tenants)
      expect(digests[0].mail.text).toContain(`Tenant ${tenant.slug}: Queue depth ${metrics}`);
    expect(
      await db.emailLog.count({ where: { dedupeKey: { startsWith: `anomaly-alert:${anomalies[0].id}` } } }),
    ).toBe(0);
    expect(await db.notification.count({ where: { dedupeKey: `anomaly-digest:${now.toISOString()}` } })).toBe(
      1,
    );
  });
});
