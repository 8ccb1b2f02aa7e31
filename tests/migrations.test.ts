import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, cpSync, appendFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { ensureDatabase, MIGRATIONS_DIR, runMigrations } from "@/lib/migrations/run-migrations";

/** Objects the migrations add that schema.prisma cannot express (see the migration that adds them). */
// What Prisma's schema language cannot say, written by hand in the migrations.
const KNOWN_EXTRAS = [
  "function:audit_logs_append_only",
  "trigger:audit_logs.audit_logs_append_only",
  `index:CREATE UNIQUE INDEX trials_one_active_per_tenant ON public.trials USING btree (tenant_id) WHERE (status = 'active'::"TrialStatus")`,
  "constraint:metric_points.metric_points_value_bounded CHECK (((value >= ('-1000000000000000000'::numeric)::double precision) AND (value <= ('1000000000000000000'::numeric)::double precision)))",
  `index:CREATE UNIQUE INDEX anomalies_one_open_per_series ON public.anomalies USING btree (series_id) WHERE (status = ANY (ARRAY['active'::"AnomalyStatus", 'acknowledged'::"AnomalyStatus"]))`,
  "function:webhook_events_notify",
  "trigger:webhook_events.webhook_events_notify",
  `index:CREATE INDEX webhook_deliveries_pending_heads ON public.webhook_deliveries USING btree (endpoint_id, lane, seq) WHERE (status = 'pending'::"WebhookDeliveryStatus")`,
  "index:CREATE INDEX webhook_events_undispatched ON public.webhook_events USING btree (seq) WHERE (dispatched_at IS NULL)",
];

async function describeSchema(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const queries = [
      `SELECT 'column:' || table_name || '.' || column_name || ' ' || udt_name || ' null=' || is_nullable || ' default=' || coalesce(column_default, '') AS d
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
      `SELECT 'index:' || indexdef AS d FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
      `SELECT 'constraint:' || conrelid::regclass || '.' || conname || ' ' || pg_get_constraintdef(oid) AS d
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'`,
      `SELECT 'enum:' || t.typname || ' ' || string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) AS d
         FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`,
      `SELECT 'trigger:' || tgrelid::regclass || '.' || tgname AS d FROM pg_trigger WHERE NOT tgisinternal`,
      `SELECT 'function:' || proname AS d FROM pg_proc WHERE pronamespace = 'public'::regnamespace`,
    ];
    const rows = await Promise.all(queries.map((q) => client.query<{ d: string }>(q)));
    return rows.flatMap((r) => r.rows.map((row) => row.d)).sort();
  } finally {
    await client.end();
  }
}

function schemaScriptFromPrisma(databaseUrl: string): string {
  return execFileSync(
    "npx",
    [
      "prisma",
      "migrate",
      "diff",
      "--from-empty",
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--script",
    ],
    {
      env: { ...process.env, DATABASE_URL: databaseUrl },
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    },
  );
}

async function freshDatabase(label: string): Promise<string> {
  return ensureDatabase(inject("postgresServerUrl"), `${label}_${Date.now().toString(36)}`);
}

async function query(databaseUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

describe("migrations", () => {
  it("build exactly the schema in schema.prisma", async () => {
    const fromMigrations = await freshDatabase("from_migrations");
    await runMigrations({ databaseUrl: fromMigrations });
    const fromSchema = await freshDatabase("from_schema");
    await query(fromSchema, schemaScriptFromPrisma(fromSchema));

    const migrated = await describeSchema(fromMigrations);
    const expected = await describeSchema(fromSchema);
    expect(migrated.filter((d) => !KNOWN_EXTRAS.includes(d))).toEqual(expected);
    expect(migrated.filter((d) => !expected.includes(d))).toEqual([...KNOWN_EXTRAS].sort());
  }, 90_000);

  it("apply each migration once, even when two runners start together", async () => {
    const databaseUrl = await freshDatabase("concurrent");
    const [first, second] = await Promise.all([
      runMigrations({ databaseUrl }),
      runMigrations({ databaseUrl }),
    ]);
    expect([...first, ...second].sort()).toEqual(
      (await import("@/lib/migrations/run-migrations")).readMigrations().map((m) => m.name),
    );
    expect(await runMigrations({ databaseUrl })).toEqual([]);
    const { rows } = await query(databaseUrl, `SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    expect(rows[0].n).toBe(first.length + second.length);
  });

  it("refuse to run when an applied migration was edited", async () => {
    const dir = mkdtempSync(join(tmpdir(), "steward-migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const databaseUrl = await freshDatabase("edited");
    await runMigrations({ databaseUrl, dir });
    appendFileSync(join(dir, "20261123000000_init", "migration.sql"), "\n-- edited later\n");
    await expect(runMigrations({ databaseUrl, dir })).rejects.toThrow(
      /20261123000000_init was edited after it was applied/,
    );
  });

  it("roll back a failing migration completely and record nothing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "steward-migrations-"));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    mkdirSync(join(dir, "29990101000000_broken"));
    appendFileSync(
      join(dir, "29990101000000_broken", "migration.sql"),
      `CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;`,
    );
    const databaseUrl = await freshDatabase("broken");
    await expect(runMigrations({ databaseUrl, dir })).rejects.toThrow(
      /29990101000000_broken failed and was rolled back/,
    );
    const { rows } = await query(
      databaseUrl,
      `SELECT to_regclass('half_done') AS t, (SELECT count(*)::int FROM "_prisma_migrations" WHERE migration_name LIKE '%broken') AS n`,
    );
    expect(rows[0]).toEqual({ t: null, n: 0 });
  });

  it("close dunning review items raised before the review queue whose payment was settled meanwhile", async () => {
    const before = mkdtempSync(join(tmpdir(), "steward-migrations-"));
    for (const name of readdirSync(MIGRATIONS_DIR).filter((n) => n < "20261123190435_review_queues"))
      cpSync(join(MIGRATIONS_DIR, name), join(before, name), { recursive: true });
    const databaseUrl = await freshDatabase("review_backfill");
    await runMigrations({ databaseUrl, dir: before });
    await query(
      databaseUrl,
      `
      INSERT INTO tenants (id, name, slug, plan, status, contact_email_encrypted, contact_email_digest, updated_at)
        VALUES ('t1', 'Acme', 'acme', 'pro', 'active', 'v1.x', 'd', now());
      INSERT INTO payments (id, tenant_id, amount_minor, currency, status, provider_reference, updated_at) VALUES
        ('paid', 't1', 4900, 'EUR', 'recovered', 'ch_paid', now()),
        ('unpaid', 't1', 4900, 'EUR', 'failed', 'ch_unpaid', now());
      INSERT INTO review_items (id, kind, tenant_id, source, summary, evidence, dedupe_key, created_at) VALUES
        ('r-paid', 'payment_recovery_failed', 't1', 'billing.dunning', 'paid since', '{"paymentId":"paid"}', 'dunning:paid', '2026-10-01 10:00'),
        ('r-unpaid', 'payment_recovery_failed', 't1', 'billing.dunning', 'still unpaid', '{"paymentId":"unpaid"}', 'dunning:unpaid', '2026-10-01 10:00');`,
    );
    await runMigrations({ databaseUrl });
    const { rows } = await query(
      databaseUrl,
      `SELECT id, status::text, closed_note, due_at::text FROM review_items ORDER BY id`,
    );
    expect(rows).toEqual([
      {
        id: "r-paid",
        status: "closed",
        closed_note: "The payment was settled before the review queue decided it.",
        due_at: "2026-10-02 10:00:00",
      },
      { id: "r-unpaid", status: "pending", closed_note: null, due_at: "2026-10-02 10:00:00" },
    ]);
  });
});
