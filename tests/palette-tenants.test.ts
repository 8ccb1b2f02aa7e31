import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { GET } from "@/app/api/palette/tenants/route";
import { makeTenant, makeUser } from "./setup/fixtures";

// The route reads the session through next-auth, which exists only inside a Next request; here each
// test says who is signed in, and everything after that is the real code.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/app/_server/session", () => ({ currentActor: async () => session.actor }));

const { actor: owner } = await makeUser("OWNER");
const { actor: reviewer } = await makeUser("REVIEWER");
const acme = await makeTenant(owner, {
  name: "Acme Rockets",
  slug: "acme-rockets",
  contactEmail: "Ops@Acme.example",
});
await makeTenant(owner, { name: "Globex", slug: "globex" });
const trial = await db.trial.create({
  data: {
    tenantId: acme.id,
    plan: "pro",
    startedAt: new Date(),
    endsAt: new Date(Date.now() + 86_400_000),
    originalEndsAt: new Date(),
  },
});

async function find(as: Actor | null, q: string | null) {
  session.actor = as;
  const url = new URL("http://steward.test/api/palette/tenants");
  if (q !== null) url.searchParams.set("q", q);
  return GET(new Request(url));
}

describe("GET /api/palette/tenants", () => {
  it("finds a tenant by a slug fragment, with its running trial", async () => {
    const response = await find(owner, "rocket");
    expect(response.status).toBe(200);
    expect((await response.json()).tenants).toEqual([
      {
        id: acme.id,
        name: "Acme Rockets",
        slug: "acme-rockets",
        status: "trialing",
        activeTrialId: trial.id,
      },
    ]);
  });

  it("finds a tenant by its exact contact email, whatever its case", async () => {
    const { tenants } = await (await find(owner, "ops@acme.example")).json();
    expect(tenants.map((t: { id: string }) => t.id)).toEqual([acme.id]);
    expect((await (await find(owner, "ops@acme.exampl")).json()).tenants).toEqual([]);
  });

  it("400 with a field message on an empty or overlong query", async () => {
    for (const q of [null, "  ", "x".repeat(201)]) {
      const response = await find(owner, q);
      expect(response.status).toBe(400);
      expect((await response.json()).error.fields.q).toBeTruthy();
    }
  });

  it("refuses reviewers and anonymous callers", async () => {
    expect((await find(reviewer, "acme")).status).toBe(403);
    expect((await find(null, "acme")).status).toBe(401);
  });
});
