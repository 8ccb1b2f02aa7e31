import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { auditEntityLinks } from "@/lib/audit/entity-links";
import { makeTenant, makeUser } from "./setup/fixtures";

const { actor: owner, user } = await makeUser("OWNER");
const tenant = await makeTenant(owner, { name: "Linked Tenant" });

describe("auditEntityLinks", () => {
  it("names and links the records and people of audit entries instead of their ids", async () => {
    const entries = await db.auditLog.findMany({ where: { entityType: "tenant", entityId: tenant.id } });
    expect(entries.length).toBeGreaterThan(0);
    const links = await auditEntityLinks([
      ...entries,
      { entityType: "job", entityId: "email:42", actorId: null },
      { entityType: "tenant", entityId: "deleted-since", actorId: null },
      { entityType: "something_new", entityId: "x1", actorId: null },
    ]);
    expect(links[`tenant:${tenant.id}`]).toEqual({ label: "Linked Tenant", href: `/tenants/${tenant.id}` });
    expect(links[`user:${owner.id}`]).toEqual({ label: user.name, href: "/settings/users" });
    expect(links["job:email:42"]).toEqual({ label: "job email:42", href: "/jobs/email%3A42" });
    expect(links["tenant:deleted-since"]).toBeUndefined();
    expect(links["something_new:x1"]).toBeUndefined();
  });
});
