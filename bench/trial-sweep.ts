// npx tsx bench/trial-sweep.ts: how long do the hourly trial sweeps take over 100,000 trials, and
// how many SQL statements do they issue? Starts a throwaway PostgreSQL and Redis, inserts 100,000
// trialing tenants with an active trial each (ends spread over now-2 days … now+30 days, four time
// zones), then times `expireTrials(now)` and `sendTrialReminders(now)` as the worker runs them
// (emails are queued in BullMQ; no worker sends them): a catch-up run with a backlog of ~6,000
// expiries and ~22,000 reminders, then a steady-state run two hours later. Statements are counted
// at the driver, by wrapping pg's Client#query, which Prisma's adapter uses for every statement
// (BEGIN and COMMIT included). For comparison, the same expiry done one trial at a time for 1,000
// more due trials, extrapolated. Target: both sweeps of the catch-up run together under 10 s.
// A report: exits 0 whether or not the target is met, 1 only if something throws.
import { cpus, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { runBench, printTable, startBenchServices, connectWriter } from "./support";

const TRIALS = 100_000;
const SAMPLE = 1_000;
const TARGET_SECONDS = 10;
/** Noon UTC: the reminder hour (09:00 local) has passed in UTC, Berlin and Tokyo, not yet in New York. */
const NOW = new Date("2026-11-18T12:00:00.000Z");
const TIMEZONES = ["UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo"];

/** Statements sent to PostgreSQL by this process, counted while `counting` is on. */
const statements = { count: 0, counting: false };
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (statements.counting) statements.count++;
  return query.apply(this, args);
} as typeof pg.Client.prototype.query;

type Phase = {
  label: string;
  affected: number;
  detail: string;
  seconds: number;
  cpuSeconds: number;
  statements: number;
  peakRssMb: number;
};

/**
 * Runs `work` timed, counting its statements, this process's CPU time (CPU close to the wall
 * time means the sweep waits on Node, not on PostgreSQL or Redis) and sampling its resident memory.
 */
async function phase(
  label: string,
  work: () => Promise<{ affected: number; detail: string }>,
): Promise<Phase> {
  let peak = process.memoryUsage.rss();
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  statements.count = 0;
  statements.counting = true;
  const cpu = process.cpuUsage();
  const start = performance.now();
  try {
    const { affected, detail } = await work();
    const seconds = (performance.now() - start) / 1000;
    const { user, system } = process.cpuUsage(cpu);
    return {
      label,
      affected,
      detail,
      seconds,
      cpuSeconds: (user + system) / 1e6,
      statements: statements.count,
      peakRssMb: Math.max(peak, process.memoryUsage.rss()) / 2 ** 20,
    };
  } finally {
    statements.counting = false;
    clearInterval(sampler);
  }
}

const int = (n: number) => Math.round(n).toLocaleString("en");

await runBench(async (cleanups) => {
  const services = await startBenchServices(cleanups);
  const { db } = await import("@/lib/db");
  const { closeQueues, getQueue } = await import("@/lib/jobs/queues");
  const { emailDigest, encryptPii } = await import("@/lib/crypto/pii");
  const { ensureDefaultTemplates } = await import("@/lib/email/default-templates");
  const { expireTrials, sendTrialReminders } = await import("@/lib/billing/trial-sweeps");
  const { afterExpiry } = await import("@/lib/billing/trials");
  const { changeWithEffects } = await import("@/lib/billing/effects");
  const { systemActor } = await import("@/lib/auth/actor");
  cleanups.push(() => db.$disconnect());
  cleanups.push(() => closeQueues());

  const writer = await connectWriter(services.databaseUrl, cleanups);

  /**
   * `count` trialing tenants with one active trial each, named by `prefix`, in two statements.
   * Trial ends are spread evenly over `endsFrom` + [0, spanDays) days, shuffled against the ids (7919
   * is prime to the count) so no column correlates with another. One ciphertext serves every
   * tenant: encrypting is not what is measured, and decrypting one is as costly as any other.
   */
  async function insertTrials(
    prefix: string,
    count: number,
    endsFrom: Date,
    spanDays: number,
  ): Promise<void> {
    const email = "billing@bench.example";
    await writer.query(
      `INSERT INTO tenants (id, name, slug, plan, status, contact_email_encrypted, contact_email_digest, timezone, created_at, updated_at)
       SELECT $1 || '-tenant-' || g, 'Bench Tenant ' || $1 || ' ' || g, $1 || '-' || g,
              (ARRAY['free', 'starter', 'pro', 'enterprise'])[1 + g % 4]::"Plan", 'trialing', $2, $3,
              ($4::text[])[1 + (g / 4) % 4], $5::timestamp - interval '20 days', $5::timestamp - interval '20 days'
       FROM generate_series(1, $6) AS g`,
      [prefix, encryptPii(email), emailDigest(email), TIMEZONES, NOW.toISOString(), count],
    );
    await writer.query(
      `INSERT INTO trials (id, tenant_id, plan, status, started_at, ends_at, original_ends_at, created_at)
       SELECT $1 || '-trial-' || g, $1 || '-tenant-' || g,
              (ARRAY['starter', 'starter', 'pro', 'enterprise'])[1 + g % 4]::"Plan", 'active',
              ends - interval '14 days', ends, ends, ends - interval '14 days'
       FROM (SELECT g, $2::timestamp + ((g::bigint * 7919) % $3) * ($4::int * interval '1 day') / $3 AS ends
             FROM generate_series(1, $3) AS g) spread`,
      [prefix, endsFrom.toISOString(), count, spanDays],
    );
  }

  // Setup, not measured: the data, the email templates, statistics, and warm connections (the
  // worker that runs the sweeps has its Prisma engine loaded and its Redis connection open).
  console.log(`Inserting ${int(TRIALS)} tenants with an active trial each…`);
  const insertStart = performance.now();
  await insertTrials("bench", TRIALS, new Date(NOW.getTime() - 2 * 86_400_000), 32);
  await ensureDefaultTemplates();
  await writer.query("ANALYZE");
  await db.trial.count();
  await getQueue("email").waitUntilReady();
  console.log(`  done in ${((performance.now() - insertStart) / 1000).toFixed(1)} s`);

  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");
  console.log(`\nTiming the sweeps at ${NOW.toISOString()} (${cpus().length} CPUs, load average ${load})…`);
  const expiry = await phase("expireTrials", async () => {
    const expired = await expireTrials(NOW);
    return { affected: expired, detail: `${int(expired)} expired` };
  });
  const reminders = await phase("sendTrialReminders", async () => {
    const sent = await sendTrialReminders(NOW);
    return {
      affected: sent.first + sent.final,
      detail: `${int(sent.first + sent.final)} sent (${int(sent.first)} first, ${int(sent.final)} final)`,
    };
  });

  // What the sweeps did, checked in the database and the queue: a figure for work not done would mislead.
  const [{ expired, suspended, emails, activities }] = (
    await writer.query(`SELECT (SELECT count(*) FROM trials WHERE status = 'expired')::int AS expired,
                               (SELECT count(*) FROM tenants WHERE status = 'suspended' AND billing_suspended)::int AS suspended,
                               (SELECT count(*) FROM email_logs)::int AS emails,
                               (SELECT count(*) FROM billing_activities)::int AS activities`)
  ).rows;
  const queued = await getQueue("email").count();
  const checks = [
    [expired === expiry.affected, `${int(expired)} trials expired`],
    [suspended === expiry.affected, `${int(suspended)} tenants suspended by billing`],
    [
      emails === expiry.affected + reminders.affected && queued === emails,
      `${int(emails)} emails logged, ${int(queued)} send-email jobs queued`,
    ],
    [activities === expiry.affected + reminders.affected, `${int(activities)} timeline entries`],
    [expiry.statements > 0 && reminders.statements > 0, "statements counted at the driver"],
  ] as const;
  for (const [ok, what] of checks) console.log(`  ${ok ? "ok  " : "FAIL"} ${what}`);
  if (checks.some(([ok]) => !ok))
    throw new Error("The sweeps did not do what the figures claim (see FAIL above).");

  // A steady-state run two hours later, as the hourly schedule makes them: only what fell due
  // since, which at 14:00 UTC includes New York's reminders (09:00 there).
  const later = new Date(NOW.getTime() + 2 * 3_600_000);
  const hourly = await phase("both sweeps, 2 h later", async () => {
    const expiredLater = await expireTrials(later);
    const sent = await sendTrialReminders(later);
    return {
      affected: expiredLater + sent.first + sent.final,
      detail: `${int(expiredLater)} expired, ${int(sent.first + sent.final)} reminded`,
    };
  });

  // Baseline: the same expiry, one trial per transaction with the same library calls, as a naive
  // loop over the due trials would do it; 1,000 more trials made due for it.
  await insertTrials("naive", SAMPLE, new Date(NOW.getTime() - 86_400_000), 1);
  await writer.query("ANALYZE");
  const actor = systemActor("trial-expiry");
  const naive = await phase("baseline: one trial at a time", async () => {
    const due = await db.trial.findMany({
      where: { status: "active", endsAt: { lte: NOW } },
      select: { id: true, tenantId: true, plan: true, endsAt: true },
    });
    for (const trial of due) {
      await changeWithEffects(async (tx, effects) => {
        await tx.trial.update({ where: { id: trial.id }, data: { status: "expired", endedAt: NOW } });
        await afterExpiry(tx, actor, effects, [trial], NOW, "Trial ended without conversion");
      });
    }
    return { affected: due.length, detail: `${int(due.length)} expired` };
  });
  if (naive.affected !== SAMPLE)
    throw new Error(`The baseline expired ${naive.affected} trials, not ${SAMPLE}.`);
  const scale = expiry.affected / naive.affected;

  const total: Phase = {
    label: "both sweeps",
    affected: expiry.affected + reminders.affected,
    detail: "",
    seconds: expiry.seconds + reminders.seconds,
    cpuSeconds: expiry.cpuSeconds + reminders.cpuSeconds,
    statements: expiry.statements + reminders.statements,
    peakRssMb: Math.max(expiry.peakRssMb, reminders.peakRssMb),
  };
  const row = (p: Phase, detail = p.detail) => [
    p.label,
    detail || int(p.affected),
    p.seconds.toFixed(2),
    p.cpuSeconds.toFixed(2),
    int(p.statements),
    (p.statements / (p.affected / 1_000)).toFixed(1),
    (p.seconds / TARGET_SECONDS).toFixed(2),
    p.peakRssMb.toFixed(0),
  ];
  printTable(
    [
      "phase",
      "trials affected",
      "seconds",
      "node CPU s",
      "SQL statements",
      "per 1,000 affected",
      `× target (${TARGET_SECONDS} s)`,
      "peak RSS MB",
    ],
    [
      row(expiry),
      row(reminders),
      row(total),
      row(hourly),
      row(naive, `${int(naive.affected)} expired (sample)`),
      row(
        {
          ...naive,
          label: `baseline extrapolated to ${int(expiry.affected)}`,
          affected: expiry.affected,
          seconds: naive.seconds * scale,
          cpuSeconds: naive.cpuSeconds * scale,
          statements: naive.statements * scale,
        },
        `${int(expiry.affected)} expired`,
      ),
    ],
  );
  console.log(
    `\nexpireTrials vs the one-at-a-time baseline: ${((naive.seconds * scale) / expiry.seconds).toFixed(1)}× faster, ${((naive.statements * scale) / expiry.statements).toFixed(1)}× fewer statements.`,
  );
  console.log(
    `Peak RSS of this process over the whole run (setup included): ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB; PostgreSQL and Redis run in processes of their own.`,
  );
  const met = total.seconds < TARGET_SECONDS;
  console.log(
    `\nTarget: an expiry and reminder sweep over ${int(TRIALS)} trials under ${TARGET_SECONDS} s: ${met ? "MET" : "NOT MET"} (${total.seconds.toFixed(2)} s)`,
  );
});
