import { db, type Tx } from "@/lib/db";
import { systemActor } from "@/lib/auth/actor";
import { env } from "@/lib/env";
import type { Plan } from "@/lib/generated/prisma/enums";
import { recordActivities } from "./activities";
import { REMINDER_TEMPLATES, reminderDays, reminderLabel } from "./config";
import { commitWithEffects, Effects } from "./effects";
import { formatDay } from "./format";
import { recordTrialEvents, trialDaysLeft } from "./record-trial-payment-events";
import { reminderKinds, type ReminderKind } from "./schemas";
import { afterExpiry } from "./trials";

/** Rows per statement: few round trips for a backlog, and a transaction still lasts well under a second. */
const BATCH = 5_000;
const DAY = 86_400_000;

type Progress = (percent: number) => Promise<void>;

/** Work started now and awaited later: if it fails first, the failure surfaces at the await, not as an unhandled rejection. */
function readAhead<T>(work: Promise<T>): Promise<T> {
  work.catch(() => {});
  return work;
}

type DueReminder = {
  id: string;
  tenant_id: string;
  plan: Plan;
  ends_at: Date;
  name: string;
  contact_email_encrypted: string;
  contact_email_digest: string;
  timezone: string;
};

/**
 * Active trials whose reminder of `kind` is due: its day (N days before the end, in the tenant's
 * time zone) has come and the local hour has reached TRIAL_REMINDER_HOUR (or the day has passed,
 * when a run was missed), the trial was already running on that day (a 3-day trial gets no "ends
 * in 7 days"), it has not ended, and the reminder has not been recorded yet. The first reminder is
 * skipped once the final one is due, so a late catch-up sends one email, not two.
 */
function dueReminders(kind: ReminderKind, now: Date, after: { endsAt: Date; id: string }) {
  const days = reminderDays(kind);
  const finalDays = reminderDays("final");
  const hour = env().TRIAL_REMINDER_HOUR;
  return db.$queryRaw<DueReminder[]>`
    SELECT t.id, t.tenant_id, t.plan, t.ends_at, tn.name, tn.contact_email_encrypted, tn.contact_email_digest, tn.timezone
    FROM trials t
    JOIN tenants tn ON tn.id = t.tenant_id
    -- Columns and parameters hold UTC without a zone (Prisma's DateTime), so each is read AT TIME ZONE
    -- 'UTC' before it is put in the tenant's zone; a server running in another zone changes nothing.
    CROSS JOIN LATERAL (
      SELECT (t.ends_at AT TIME ZONE 'UTC' AT TIME ZONE tn.timezone)::date AS end_day,
             (${now}::timestamp AT TIME ZONE 'UTC' AT TIME ZONE tn.timezone)::date AS today,
             (t.started_at AT TIME ZONE 'UTC' AT TIME ZONE tn.timezone)::date AS start_day,
             extract(hour FROM ${now}::timestamp AT TIME ZONE 'UTC' AT TIME ZONE tn.timezone) AS local_hour
    ) local
    WHERE t.status = 'active'
      AND t.ends_at > ${now}
      AND t.ends_at <= ${new Date(now.getTime() + (days + 2) * DAY)}
      AND (t.ends_at, t.id) > (${after.endsAt}, ${after.id})
      AND (local.today > local.end_day - ${days}::int OR (local.today = local.end_day - ${days}::int AND local.local_hour >= ${hour}))
      AND local.start_day <= local.end_day - ${days}::int
      AND (${kind} = 'final' OR local.today < local.end_day - ${finalDays}::int)
      AND NOT EXISTS (SELECT 1 FROM billing_activities a WHERE a.dedupe_key = 'trial:' || t.id || ':reminder:' || ${kind})
    ORDER BY t.ends_at, t.id
    LIMIT ${BATCH}`;
}

/**
 * Sends the due trial reminders, batch by batch. Emails are deduplicated by a key per trial and
 * reminder, and the reminder is recorded on the timeline under the same key, so runs that overlap
 * or repeat send each reminder once.
 */
export async function sendTrialReminders(
  now = new Date(),
  onProgress?: Progress,
): Promise<Record<ReminderKind, number>> {
  const sent: Record<ReminderKind, number> = { first: 0, final: 0 };
  // Three stores at work at once: the previous batch's emails are queued (Redis) while this batch's
  // are recorded (Postgres), and the next batch is read ahead (the cursor already leaves this one out).
  let undelivered = null as Effects | null;
  for (const [index, kind] of reminderKinds.entries()) {
    let next = readAhead(dueReminders(kind, now, { endsAt: new Date(0), id: "" }));
    for (let batch = await next; batch.length > 0; batch = await next) {
      const last = batch[batch.length - 1];
      next = readAhead(dueReminders(kind, now, { endsAt: last.ends_at, id: last.id }));
      const effects = new Effects();
      for (const trial of batch) {
        effects.emailTenant(
          {
            contactEmailEncrypted: trial.contact_email_encrypted,
            contactEmailDigest: trial.contact_email_digest,
          },
          {
            templateKey: REMINDER_TEMPLATES[kind],
            variables: {
              tenantName: trial.name,
              planName: trial.plan,
              trialEndsOn: formatDay(trial.ends_at, trial.timezone),
            },
            dedupeKey: `trial:${trial.id}:reminder:${kind}`,
          },
        );
      }
      const delivering = readAhead(undelivered?.deliver() ?? Promise.resolve());
      // The reminder is recorded with its email, so a failure before that leaves it due for the next run.
      // A full batch takes a second or more: Prisma's 5 s default would leave little room on a busy database.
      await db.$transaction(
        async (tx) => {
          await effects.record(tx);
          const recorded = new Set(
            await recordActivities(
              tx,
              batch.map((trial) => ({
                tenantId: trial.tenant_id,
                trialId: trial.id,
                kind: "trial_reminder_sent" as const,
                summary: `Reminder sent: trial ${reminderLabel(kind)}`,
                actorLabel: "system:trial-reminders",
                details: { kind },
                dedupeKey: `trial:${trial.id}:reminder:${kind}`,
                createdAt: now,
              })),
            ),
          );
          // Only the reminders this run recorded: an overlapping run's are its own to announce.
          await recordTrialEvents(
            tx,
            batch
              .filter((trial) => recorded.has(`trial:${trial.id}:reminder:${kind}`))
              .map((trial) => ({
                type: "trial.ending" as const,
                trialId: trial.id,
                daysLeft: trialDaysLeft(trial.ends_at, now, trial.timezone),
              })),
          );
        },
        { maxWait: 10_000, timeout: 30_000 },
      );
      await delivering;
      undelivered = effects;
      sent[kind] += batch.length;
    }
    await onProgress?.(Math.round(((index + 1) / reminderKinds.length) * 100));
  }
  await undelivered?.deliver();
  return sent;
}

const expiryActor = systemActor("trial-expiry");

/** Expires one batch of trials past their end and suspends their tenants; returns how many expired. */
async function expireBatch(tx: Tx, effects: Effects, now: Date): Promise<number> {
  const trials = await tx.$queryRaw<{ id: string; tenant_id: string; plan: Plan; ends_at: Date }[]>`
    UPDATE trials SET status = 'expired', ended_at = ${now}
    -- = ANY(ARRAY(…)) rather than IN (…): the planner then finds the rows by primary key instead of scanning.
    WHERE id = ANY(ARRAY(
      SELECT id FROM trials WHERE status = 'active' AND ends_at <= ${now}
      ORDER BY ends_at, id LIMIT ${BATCH}
      FOR NO KEY UPDATE SKIP LOCKED
    ))
    RETURNING id, tenant_id, plan, ends_at`;
  if (trials.length > 0)
    await afterExpiry(
      tx,
      expiryActor,
      effects,
      trials.map((t) => ({ id: t.id, tenantId: t.tenant_id, plan: t.plan, endsAt: t.ends_at })),
      now,
      "Trial ended without conversion",
    );
  return trials.length;
}

/**
 * Expires every active trial past its end: the trial becomes expired, a tenant still on trial is
 * suspended, the tenant is emailed, and both changes are audit-logged. Runs that overlap take
 * disjoint batches (SKIP LOCKED), so nothing is expired or emailed twice.
 */
export async function expireTrials(now = new Date(), onProgress?: Progress): Promise<number> {
  const due = await db.trial.count({ where: { status: "active", endsAt: { lte: now } } });
  let expired = 0;
  let undelivered = null as Effects | null;
  for (;;) {
    // The previous batch's emails are queued (Redis) while this batch commits (Postgres).
    const [batch] = await Promise.all([
      commitWithEffects((tx, effects) => expireBatch(tx, effects, now)),
      undelivered?.deliver(),
    ]);
    if (batch.result === 0) return expired;
    undelivered = batch.effects;
    expired += batch.result;
    await onProgress?.(Math.min(99, Math.round((expired / Math.max(due, 1)) * 100)));
  }
}
