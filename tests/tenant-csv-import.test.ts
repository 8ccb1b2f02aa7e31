import { afterAll, describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { GET } from "@/app/api/tenants/imports/[id]/route";
import { db } from "@/lib/db";
import { closeQueues, getQueue } from "@/lib/jobs/queues";
import { IMPORT_BATCH_SIZE } from "@/lib/tenants/import-tenants";
import { previewTenantImport } from "@/lib/tenants/preview-tenant-import";
import { runTenantImport } from "@/lib/tenants/run-tenant-import";
import { startTenantImport, tenantImportJobId } from "@/lib/tenants/start-tenant-import";
import { syncTenantAs } from "@/lib/tenants/sync-tenants";
import { getTenantImportProgress } from "@/lib/tenants/tenant-import-queries";
import { makeTenant, makeUser } from "./setup/fixtures";
import { routed } from "./setup/routed";
import { until } from "./setup/until";

const importProgress = routed(GET, "/api/tenants/imports/[id]");

// The progress route reads the session through next-auth, which exists only inside a Next request;
// here each test says who is signed in, and everything after that is the real code.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/app/_server/session", () => ({ currentActor: async () => session.actor }));

afterAll(() => closeQueues());

const { user: ownerUser, actor: owner } = await makeUser("OWNER");
const { actor: reviewer } = await makeUser("REVIEWER");
const taken = await makeTenant(owner);
const P = `csv${Date.now().toString(36)}`;
await syncTenantAs(
  owner,
  { external_id: `${P}-known`, name: "Known Before", plan: "free", contact_email: `known@${P}.example` },
  "upsert",
);
await syncTenantAs(
  owner,
  { external_id: `${P}-same`, name: "Same Again", plan: "pro", contact_email: `same@${P}.example` },
  "upsert",
);

/** Good, bad and updating rows; the comment after each says its row number in the file. */
const CSV = [
  "External_ID, name ,slug,plan,contact_email,timezone", // 1 (header: case and spaces ignored)
  `${P}-1,Alpha Imports,,pro,alpha@${P}.example,Europe/Berlin`, // 2: created
  `${P}-2,"Beta, Inc.",${P}-beta,starter,beta@${P}.example,`, // 3: created (quoted comma, default zone)
  `${P}-3,Gamma,,platinum,gamma@${P}.example,UTC`, // 4: unknown plan
  "", // 5: blank, skipped
  `${P}-4,Delta,,pro,not-an-email,UTC`, // 6: bad email
  `${P}-5,Epsilon,,pro,eps@${P}.example,Mars/Olympus`, // 7: unknown time zone
  `${P}-6,Zeta,${taken.slug},pro,zeta@${P}.example,UTC`, // 8: slug taken
  `${P}-known,Known After,,enterprise,known@${P}.example,`, // 9: updated
  `${P}-same,Same Again,,pro,same@${P}.example,`, // 10: unchanged
  `${P}-7,Eta`, // 11: too few cells
  `${P}-8,"Theta`, // 12–13: a quoted name over two lines is one row, numbered where it starts
  `Corp",,free,theta@${P}.example,UTC`,
].join("\r\n");

const upload = (content: string, fileName = "tenants.csv") => ({ fileName, content });
const ours = () => db.tenant.count({ where: { externalId: { startsWith: `${P}-` } } });

function csvOf(rows: number, prefix: string): string {
  const lines = ["external_id,name,plan,contact_email"];
  for (let n = 1; n <= rows; n++)
    lines.push(`${prefix}-${n},Bulk Tenant ${prefix} ${n},starter,owner+${n}@${prefix}.example`);
  return lines.join("\n") + "\n";
}

async function expectRefused(content: string, message: RegExp) {
  const refusal = previewTenantImport.execute(owner, upload(content));
  await expect(refusal).rejects.toMatchObject({
    code: "VALIDATION",
    message: expect.stringMatching(message),
  });
  await expect(refusal).rejects.toMatchObject({ fields: { file: [expect.stringMatching(message)] } });
}

describe("CSV import of tenants", () => {
  it("previews what the import would do, row by row, and writes nothing", async () => {
    const before = await Promise.all([ours(), db.auditLog.count(), db.webhookEvent.count()]);
    const preview = await previewTenantImport.execute(owner, upload(CSV));
    expect(preview).toMatchObject({
      fileName: "tenants.csv",
      columns: ["external_id", "name", "slug", "plan", "contact_email", "timezone"],
      rows: 10,
      created: 3,
      updated: 1,
      unchanged: 1,
      failed: 5,
    });
    expect(preview.errors).toEqual([
      { row: 4, fields: { plan: [expect.stringMatching(/^plan must be one of free, starter, pro/)] } },
      { row: 6, fields: { contact_email: ["Enter a valid email address"] } },
      { row: 7, fields: { timezone: [expect.stringMatching(/^Unknown time zone/)] } },
      { row: 8, fields: { slug: [`The slug '${taken.slug}' is taken`] } },
      { row: 11, fields: { _form: ["This row has 2 cells; the header has 6"] } },
    ]);
    expect(preview.sample.map((row) => [row.row, row.status])).toEqual([
      [2, "created"],
      [3, "created"],
      [4, "error"],
      [6, "error"],
      [7, "error"],
      [8, "error"],
      [9, "updated"],
      [10, "unchanged"],
      [11, "error"],
      [12, "created"],
    ]);
    expect(preview.sample[1].cells).toEqual([
      `${P}-2`,
      "Beta, Inc.",
      `${P}-beta`,
      "starter",
      `beta@${P}.example`,
      "",
    ]);
    expect(await Promise.all([ours(), db.auditLog.count(), db.webhookEvent.count()])).toEqual(before);
  });

  it("confirming stores the file and queues a job; the job imports it with totals and row errors", async () => {
    const { id } = await startTenantImport.execute(owner, upload(CSV, "crm-export.csv"));
    const stored = await db.tenantImport.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({
      fileName: "crm-export.csv",
      content: CSV,
      status: "queued",
      total: 10,
      processed: 0,
      createdById: ownerUser.id,
    });
    const job = await getQueue("imports").getJob(tenantImportJobId(id));
    expect(job).toMatchObject({ name: "import-tenants", data: { importId: id } });

    expect(await runTenantImport(id)).toEqual({
      status: "succeeded",
      processed: 10,
      created: 3,
      updated: 1,
      failed: 5,
    });
    const progress = await getTenantImportProgress(id);
    expect(progress).toMatchObject({ status: "succeeded", total: 10, processed: 10, unchanged: 1 });
    expect(progress.finishedAt).not.toBeNull();
    expect(progress.errors.map((error) => [error.row, Object.keys(error.fields)])).toEqual([
      [4, ["plan"]],
      [6, ["contact_email"]],
      [7, ["timezone"]],
      [8, ["slug"]],
      [11, ["_form"]],
    ]);

    const tenants = await db.tenant.findMany({
      where: { externalId: { in: [`${P}-1`, `${P}-2`, `${P}-8`, `${P}-known`] } },
      orderBy: { externalId: "asc" },
    });
    expect(tenants.map((t) => [t.externalId, t.name, t.plan, t.timezone])).toEqual([
      [`${P}-1`, "Alpha Imports", "pro", "Europe/Berlin"],
      [`${P}-2`, "Beta, Inc.", "starter", "UTC"],
      [`${P}-8`, "Theta\r\nCorp", "free", "UTC"],
      [`${P}-known`, "Known After", "enterprise", "UTC"],
    ]);
    expect(tenants.find((t) => t.externalId === `${P}-2`)!.slug).toBe(`${P}-beta`);
    // Audited as the owner who confirmed, each entry tied to the import.
    const audits = await db.auditLog.findMany({ where: { requestId: `import:${id}` } });
    expect(audits.map((a) => a.action).sort()).toEqual([
      "tenant.created",
      "tenant.created",
      "tenant.created",
      "tenant.updated",
    ]);
    expect(new Set(audits.map((a) => a.actorLabel))).toEqual(new Set([ownerUser.email]));

    // The job delivered again: a finished import is left as it is.
    const count = await ours();
    expect(await runTenantImport(id)).toMatchObject({ status: "succeeded", created: 3 });
    expect(await ours()).toBe(count);
  });

  it("a run that stops midway resumes after the rows it recorded, without duplicating tenants", async () => {
    const prefix = `${P}r`;
    const { id } = await startTenantImport.execute(owner, upload(csvOf(1_200, prefix)));
    const crash = new Error("worker killed");
    await expect(
      runTenantImport(id, {
        finalAttempt: false,
        onProgress: () => {
          throw crash;
        },
      }),
    ).rejects.toBe(crash);
    expect(await getTenantImportProgress(id)).toMatchObject({
      status: "running",
      processed: IMPORT_BATCH_SIZE,
      created: IMPORT_BATCH_SIZE,
    });

    const percents: number[] = [];
    expect(await runTenantImport(id, { onProgress: (p) => void percents.push(p) })).toEqual({
      status: "succeeded",
      processed: 1_200,
      created: 1_200,
      updated: 0,
      failed: 0,
    });
    // Recorded after every batch from where it resumed.
    const batchEnds = [];
    for (let done = 2 * IMPORT_BATCH_SIZE; done <= 1_200; done += IMPORT_BATCH_SIZE) batchEnds.push(done);
    expect(percents).toEqual(batchEnds.map((done) => Math.floor((100 * done) / 1_200)));
    expect(await db.tenant.count({ where: { externalId: { startsWith: `${prefix}-` } } })).toBe(1_200);
  });

  it("the last attempt that fails marks the import failed, saying how far it got", async () => {
    const { id } = await startTenantImport.execute(owner, upload(csvOf(600, `${P}f`)));
    await expect(
      runTenantImport(id, {
        finalAttempt: true,
        onProgress: () => {
          throw new Error("PostgreSQL went away");
        },
      }),
    ).rejects.toThrow("PostgreSQL went away");
    const progress = await getTenantImportProgress(id);
    expect(progress).toMatchObject({ status: "failed", processed: IMPORT_BATCH_SIZE });
    expect(progress.errors.at(-1)).toEqual({
      row: 0,
      fields: { _form: [expect.stringMatching(`^The import stopped after ${IMPORT_BATCH_SIZE} rows`)] },
    });
  });

  it("refuses reviewers: no preview, no import, no progress", async () => {
    await expect(previewTenantImport.execute(reviewer, upload(CSV))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    const imports = await db.tenantImport.count();
    await expect(startTenantImport.execute(reviewer, upload(CSV))).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await db.tenantImport.count()).toBe(imports);

    const { id } = await db.tenantImport.findFirstOrThrow();
    const get = (as: Actor | null, ref = id) => {
      session.actor = as;
      return importProgress(new Request(`http://steward.test/api/tenants/imports/${ref}`));
    };
    expect((await get(reviewer)).status).toBe(403);
    expect((await get(null)).status).toBe(401);
    const answer = await get(owner);
    expect(answer.status).toBe(200);
    const body = await answer.json();
    expect(body).toMatchObject({ id, status: expect.any(String), total: expect.any(Number) });
    expect(body).not.toHaveProperty("content");
    expect((await get(owner, "no-such-import")).status).toBe(404);
  });

  it("refuses a file that cannot be one import, with a message saying why", async () => {
    await expectRefused(csvOf(10_001, `${P}big`), /more than 10,000 tenant rows; split it/);
    await expectRefused(
      "external_id,name\n" + `x,${"n".repeat(5 * 1024 * 1024)}\n`,
      /^The file is 5\.0 MB; an import takes at most 5\.0 MB/,
    );
    await expectRefused(
      "external_id,name,plan,contact_email,colour\nx,y,pro,a@b.example,red\n",
      /Unknown column 'colour'/,
    );
    await expectRefused("external_id,name,plan\nx,y,pro\n", /lacks 'contact_email'/);
    await expectRefused(
      "external_id;name;plan;contact_email\nx;y;pro;a@b.example\n",
      /separated by semicolons/,
    );
    await expectRefused(
      'external_id,name,plan,contact_email\nx,"unclosed,pro,a@b.example\n',
      /not valid CSV: Quote Not Closed/,
    );
    await expectRefused("external_id,name,plan,contact_email\n", /no tenant rows/);
    await expectRefused("", /The file is empty/);
    await expectRefused("external_id,name,plan,contact_email\nx,Caf\uFFFD,pro,a@b.example\n", /not UTF-8/);
    // The same checks stand before anything is stored.
    const imports = await db.tenantImport.count();
    await expect(startTenantImport.execute(owner, upload(csvOf(10_001, `${P}big`)))).rejects.toMatchObject({
      code: "VALIDATION",
    });
    expect(await db.tenantImport.count()).toBe(imports);
  });

  it("a dry run overtaken by another writer taking its slug asks to preview again", async () => {
    const slug = `${P}-race`;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let inserted!: () => void;
    const holding = new Promise<void>((resolve) => (inserted = resolve));
    // Another writer inserts the slug and holds its transaction open until told to commit.
    const writer = db.$transaction(
      async (tx) => {
        await tx.tenant.create({
          data: {
            name: "Racing",
            slug,
            plan: "pro",
            contactEmailEncrypted: "x",
            contactEmailDigest: `race-${P}`,
          },
        });
        inserted();
        await gate;
      },
      { timeout: 30_000 },
    );
    await holding;
    const csv = `external_id,name,slug,plan,contact_email\n${P}-racer,Racer,${slug},pro,racer@${P}.example\n`;
    const refusal = previewTenantImport.execute(owner, upload(csv)).catch((error: unknown) => error);
    // The dry run found the slug free (the writer has not committed) and now waits on its insert.
    await until(async () => {
      const [{ waiting }] = await db.$queryRaw<{ waiting: bigint }[]>`
        SELECT count(*) AS waiting FROM pg_stat_activity
        WHERE datname = current_database() AND wait_event_type = 'Lock'`;
      return waiting > 0n;
    });
    release();
    await writer;
    expect(await refusal).toMatchObject({
      code: "CONFLICT",
      message: "Tenants changed while the preview ran; preview the file again.",
    });
  });

  it("previews 10,000 rows in one dry run and still writes nothing", { timeout: 120_000 }, async () => {
    const before = await Promise.all([db.tenant.count(), db.auditLog.count(), db.webhookEvent.count()]);
    const started = performance.now();
    const preview = await previewTenantImport.execute(owner, upload(csvOf(10_000, `${P}max`)));
    const seconds = (performance.now() - started) / 1000;
    console.log(`dry run of 10,000 rows: ${seconds.toFixed(1)} s`);
    expect(preview).toMatchObject({ rows: 10_000, created: 10_000, failed: 0 });
    expect(await Promise.all([db.tenant.count(), db.auditLog.count(), db.webhookEvent.count()])).toEqual(
      before,
    );
  });
});
