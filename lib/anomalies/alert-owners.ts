import { db } from "@/lib/db";
import { listActiveOwners } from "@/lib/users/queries";
import { env } from "@/lib/env";
import { raiseNotification, type NewNotification } from "@/lib/notifications/raise-notification";
import { appLink } from "@/lib/email/app-link";
import { queueEmailJobs, recordEmails } from "@/lib/email/queue-email";
import type { QueueEmailInput } from "@/lib/email/schemas";
import { DETECTION_LOCK } from "./score-buckets";
import { explainAnomaly } from "./explain";

/** A digest lists this many anomalies; the dashboard has the rest. */
const DIGEST_LINES = 20;

/**
 * Tells owners about active critical anomalies not alerted yet, by email, in-app and (through the
 * critical notification) Slack. Storm protection: a tenant × metric alerted within the cool-down
 * is skipped this time (its anomaly stays unalerted, so it alerts once the cool-down is over if
 * still active and unacknowledged; a muted tenant × metric waits for its mute to end); when more
 * than the digest threshold are due at once, owners
 * get one digest instead. Emails are recorded in the transaction that marks the anomalies alerted.
 */
export async function alertOwners(now: Date): Promise<{ alerted: number; digest: boolean }> {
  const { ANOMALY_ALERT_COOLDOWN_MINUTES: cooldown, ANOMALY_DIGEST_THRESHOLD: digestAbove } = env();
  const { alerts, toQueue, notifications } = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DETECTION_LOCK})`;
    const claimed = await tx.$queryRaw<{ id: string }[]>`
      WITH due AS (
        SELECT a.id, a.series_id FROM anomalies a JOIN metric_series s ON s.id = a.series_id
        WHERE a.status = 'active' AND a.severity = 'critical' AND a.alerted_at IS NULL
          AND (s.muted_until IS NULL OR s.muted_until <= ${now.toISOString()}::timestamp)
          AND (s.last_alerted_at IS NULL OR s.last_alerted_at <= ${now.toISOString()}::timestamp - ${cooldown} * interval '1 minute')
      ),
      series AS (
        UPDATE metric_series SET last_alerted_at = ${now.toISOString()}::timestamp WHERE id IN (SELECT series_id FROM due)
      )
      -- Rechecked here: an acknowledgement committed while this waited for the row wins.
      UPDATE anomalies SET alerted_at = ${now.toISOString()}::timestamp
      WHERE id IN (SELECT id FROM due) AND status = 'active' AND alerted_at IS NULL RETURNING id`;
    if (claimed.length === 0) return { alerts: [], toQueue: [], notifications: [] };
    const alerts = await tx.anomaly.findMany({
      where: { id: { in: claimed.map((c) => c.id) } },
      include: {
        metric: { select: { name: true, unit: true, bucket: true } },
        tenant: { select: { name: true, timezone: true } },
      },
      orderBy: { z: "desc" },
    });
    const owners = await listActiveOwners(tx);
    const digest = alerts.length > digestAbove;
    const explained = alerts.map((a) => ({
      anomaly: a,
      headline: explainAnomaly(a, a.metric, a.tenant.timezone).headline,
    }));
    const emails: QueueEmailInput[] = [];
    const notifications: NewNotification[] = [];
    if (digest) {
      const lines = explained
        .slice(0, DIGEST_LINES)
        .map(({ anomaly, headline }) => `- ${anomaly.tenant.name}: ${headline}`);
      if (alerts.length > DIGEST_LINES) lines.push(`- and ${alerts.length - DIGEST_LINES} more`);
      const variables = {
        count: String(alerts.length),
        list: lines.join("\n"),
        link: appLink("/anomalies?severity=critical"),
      };
      for (const owner of owners)
        emails.push({
          templateKey: "anomaly_digest",
          to: owner.email,
          variables,
          dedupeKey: `anomaly-digest:${now.toISOString()}:${owner.id}`,
        });
      notifications.push({
        severity: "critical",
        title: `${alerts.length} critical anomalies`,
        body: lines.slice(0, 5).join("\n"),
        link: "/anomalies?severity=critical",
        dedupeKey: `anomaly-digest:${now.toISOString()}`,
        alertClass: "critical_anomaly",
      });
    } else {
      for (const { anomaly, headline } of explained) {
        const variables = {
          tenantName: anomaly.tenant.name,
          metric: anomaly.metric.name,
          explanation: headline,
          link: appLink(`/anomalies/${anomaly.id}`),
        };
        for (const owner of owners)
          emails.push({
            templateKey: "anomaly_alert",
            to: owner.email,
            variables,
            dedupeKey: `anomaly-alert:${anomaly.id}:${owner.id}`,
          });
        notifications.push({
          severity: "critical",
          title: `Critical anomaly: ${anomaly.metric.name} for ${anomaly.tenant.name}`,
          body: headline,
          link: `/anomalies/${anomaly.id}`,
          dedupeKey: `anomaly-alert:${anomaly.id}`,
          alertClass: "critical_anomaly",
        });
      }
    }
    return { alerts, toQueue: (await recordEmails(emails, tx)).toQueue, notifications };
  });
  await queueEmailJobs(toQueue);
  for (const notification of notifications) await raiseNotification(notification);
  return { alerted: alerts.length, digest: alerts.length > digestAbove };
}
