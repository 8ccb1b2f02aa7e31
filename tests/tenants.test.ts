import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createTenant } from "@/lib/tenants/create-tenant";
import { updateTenant } from "@/lib/tenants/update-tenant";
import { reactivateTenant, suspendTenant } from "@/lib/tenants/change-tenant-status";
import { getTenantView, listTenants } from "@/lib/tenants/queries";
import { listTenantsSchema } from "@/lib/tenants/schemas";
import { makeTenant, makeUser } from "./setup/fixtures";

const { actor: owner } = await makeUser("OWNER");

describe("tenants", () => {
  it("stores the contact email encrypted and shows it decrypted", async () => {
    const tenant = await makeTenant(owner, { contactEmail: "Finance@Secret-Corp.example" });
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const { rows } = await client.query("SELECT row_to_json(t)::text AS raw FROM tenants t WHERE id = $1", [
      tenant.id,
    ]);
    await client.end();
    expect(rows[0].raw).not.toMatch(/secret-corp/i);
    expect((await getTenantView(tenant.id)).contactEmail).toBe("finance@secret-corp.example");
  });

  it("rejects bad input with a message per field and writes nothing", async () => {
    const before = await db.tenant.count();
    const attempt = createTenant.execute(owner, {
      name: "x",
      slug: "Bad Slug!",
      plan: "platinum",
      contactEmail: "not-an-email",
      timezone: "Mars/Olympus",
    });
    await expect(attempt).rejects.toMatchObject({
      code: "VALIDATION",
      fields: {
        name: ["Name needs at least 2 characters"],
        slug: ["Use lowercase letters, digits and single dashes"],
        plan: ["Choose a plan"],
        contactEmail: ["Enter a valid email address"],
        timezone: ["Unknown time zone (use an IANA name such as Europe/Berlin)"],
      },
    });
    expect(await db.tenant.count()).toBe(before);
  });

  it("refuses a taken slug as a field error", async () => {
    const tenant = await makeTenant(owner);
    await expect(makeTenant(owner, { slug: tenant.slug })).rejects.toMatchObject({
      code: "CONFLICT",
      fields: { slug: ["This slug is taken"] },
    });
  });

  it("audits create, update, suspend and reactivate with the actor, without the email in clear", async () => {
    const tenant = await makeTenant(owner);
    await updateTenant.execute(owner, {
      ...tenant,
      name: "Renamed Ltd",
      contactEmail: "new@renamed.example",
    });
    await suspendTenant.execute(owner, { id: tenant.id, reason: "Chargeback fraud" });
    await reactivateTenant.execute(owner, { id: tenant.id, reason: "Cleared by bank" });
    const entries = await db.auditLog.findMany({
      where: { entityId: tenant.id },
      orderBy: { createdAt: "asc" },
    });
    expect(entries.map((e) => [e.action, e.actorLabel, e.ip])).toEqual([
      ["tenant.created", owner.label, owner.ip],
      ["tenant.updated", owner.label, owner.ip],
      ["tenant.suspended", owner.label, owner.ip],
      ["tenant.reactivated", owner.label, owner.ip],
    ]);
    expect(entries[2].after).toMatchObject({ status: "suspended", reason: "Chargeback fraud" });
    expect(JSON.stringify(entries)).not.toContain("renamed.example");
    expect((await getTenantView(tenant.id)).status).toBe("trialing");
  });

  it("lets only one of two simultaneous suspensions through", async () => {
    const tenant = await makeTenant(owner);
    const results = await Promise.allSettled([
      suspendTenant.execute(owner, { id: tenant.id, reason: "first owner" }),
      suspendTenant.execute(owner, { id: tenant.id, reason: "second owner" }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    expect(await db.auditLog.count({ where: { entityId: tenant.id, action: "tenant.suspended" } })).toBe(1);
  });

  it("requires a reason to suspend and refuses impossible transitions", async () => {
    const tenant = await makeTenant(owner);
    await expect(suspendTenant.execute(owner, { id: tenant.id, reason: " " })).rejects.toMatchObject({
      fields: { reason: ["Give a reason of at least 3 characters"] },
    });
    await expect(
      reactivateTenant.execute(owner, { id: tenant.id, reason: "not suspended" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await suspendTenant.execute(owner, { id: tenant.id, reason: "first time" });
    await expect(
      suspendTenant.execute(owner, { id: tenant.id, reason: "second time" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(suspendTenant.execute(owner, { id: "no-such-id", reason: "missing" })).rejects.toMatchObject(
      { code: "NOT_FOUND" },
    );
  });

  it("keeps the audit log append-only", async () => {
    await makeTenant(owner);
    await expect(db.$executeRaw`UPDATE audit_logs SET action = 'tampered'`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM audit_logs`).rejects.toThrow(/append-only/);
  });

  it("lists with search, filters, sorting and pages that do not overlap", async () => {
    const marker = `zeta${Date.now().toString(36)}`;
    const created = [];
    for (const [i, plan] of (["free", "pro", "pro", "enterprise", "pro"] as const).entries()) {
      created.push(
        await makeTenant(owner, {
          name: `${marker} ${i}`,
          slug: `${marker}-${i}`,
          plan,
          contactEmail: `c${i}@${marker}.example`,
        }),
      );
    }
    await suspendTenant.execute(owner, { id: created[2].id, reason: "testing filters" });
    const list = (q: Record<string, unknown>) => listTenants(listTenantsSchema.parse(q));

    const pro = await list({ q: marker.toUpperCase(), plan: "pro", sort: "name", dir: "asc" });
    expect(pro.rows.map((t) => t.name)).toEqual([`${marker} 1`, `${marker} 2`, `${marker} 4`]);
    expect((await list({ q: marker, status: "suspended" })).rows.map((t) => t.id)).toEqual([created[2].id]);
    expect((await list({ q: `C3@${marker}.example` })).rows.map((t) => t.id)).toEqual([created[3].id]);

    const page1 = await list({ q: marker, pageSize: 2, page: 1, sort: "name", dir: "desc" });
    const page2 = await list({ q: marker, pageSize: 2, page: 2, sort: "name", dir: "desc" });
    const page3 = await list({ q: marker, pageSize: 2, page: 3, sort: "name", dir: "desc" });
    expect([page1, page2, page3].flatMap((p) => p.rows.map((t) => t.name))).toEqual(
      [4, 3, 2, 1, 0].map((i) => `${marker} ${i}`),
    );
    expect(page1).toMatchObject({ total: 5, pageCount: 3 });
  });

  it("searches for % and _ literally, not as wildcards", async () => {
    const marker = `pct${Date.now().toString(36)}`;
    const literal = await makeTenant(owner, { name: `${marker} 100% uptime_club`, slug: `${marker}-a` });
    await makeTenant(owner, { name: `${marker} 100 uptime club`, slug: `${marker}-b` });
    const ids = async (q: string) =>
      (await listTenants(listTenantsSchema.parse({ q }))).rows.map((t) => t.id);
    expect(await ids(`${marker} 100%`)).toEqual([literal.id]);
    expect(await ids("uptime_club")).toEqual([literal.id]);
    expect(await ids(`${marker}_`)).toEqual([]);
    expect(await ids("\\")).toEqual([]);
  });
});
