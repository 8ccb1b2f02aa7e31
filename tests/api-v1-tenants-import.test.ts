import { describe, expect, it } from "vitest";
import { POST as importNdjson } from "@/app/api/v1/tenants/import/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { db } from "@/lib/db";
import { makeTenant, makeUser } from "./setup/fixtures";

const { actor: owner } = await makeUser("OWNER");
const { key } = await createApiKey.execute(owner, { name: "platform", scopes: ["tenants:write"] });
const { key: readOnlyKey } = await createApiKey.execute(owner, {
  name: "reporting",
  scopes: ["tenants:read"],
});
const taken = await makeTenant(owner);

const LINES = 10_000;
const BAD = { invalidJson: 17, missingEmail: 5_000, slugTaken: 9_999 };
const PREFIX = `imp${Date.now().toString(36)}`;

/** Line n (from 1) of the 10,000-line file, three of them bad. */
function line(n: number): string {
  if (n === BAD.invalidJson) return `{"external_id": "${PREFIX}-${n}", "name": `;
  const tenant: Record<string, unknown> = {
    external_id: `${PREFIX}-${n}`,
    name: `Imported Tenant ${n}`,
    slug: n === BAD.slugTaken ? taken.slug : `${PREFIX}-${n}`,
    plan: ["free", "starter", "pro", "enterprise"][n % 4],
    contact_email: `owner+${n}@${PREFIX}.example`,
    timezone: n % 2 ? "Europe/Berlin" : "America/New_York",
  };
  if (n === BAD.missingEmail) delete tenant.contact_email;
  return JSON.stringify(tenant);
}

/**
 * The file as a stream produced on demand, 250 lines a chunk; `onPull` sees each chunk being asked
 * for, so a test can tell what the server had done by the time it read that far.
 */
function ndjsonStream(lines: number, onPull: (linesSent: number) => Promise<void> = async () => {}) {
  let sent = 0;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (sent >= lines) return controller.close();
        await onPull(sent);
        const chunk: string[] = [];
        for (const end = Math.min(lines, sent + 250); sent < end;) chunk.push(line(++sent));
        controller.enqueue(new TextEncoder().encode(chunk.join("\n") + "\n"));
      },
    },
    { highWaterMark: 0 },
  );
}

function post(body: BodyInit, headers: Record<string, string> = {}) {
  return importNdjson(
    new Request("http://steward.test/api/v1/tenants/import", {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/x-ndjson", ...headers },
      body,
      duplex: "half",
    } as RequestInit),
  );
}

const imported = () => db.tenant.count({ where: { externalId: { startsWith: `${PREFIX}-` } } });

describe("POST /api/v1/tenants/import", () => {
  it(
    "10,000 lines with 3 bad ones: 9,997 tenants and 3 errors with their line numbers, read as it streams",
    { timeout: 120_000 },
    async () => {
      let committedBeforeLastChunk = -1;
      const stream = ndjsonStream(LINES, async (linesSent) => {
        if (linesSent === LINES - 250) committedBeforeLastChunk = await imported();
      });
      const response = await post(stream);
      expect(response.status).toBe(200);
      const { totals, results } = await response.json();
      expect(totals).toEqual({ lines: 10_000, created: 9_997, updated: 0, unchanged: 0, errors: 3 });
      expect(results).toHaveLength(10_000);
      expect(results.map((r: { line: number }) => r.line)).toEqual(
        Array.from({ length: LINES }, (_, i) => i + 1),
      );
      expect(results.filter((r: { status: string }) => r.status === "error")).toEqual([
        { line: BAD.invalidJson, status: "error", errors: { _form: ["This line is not valid JSON"] } },
        { line: BAD.missingEmail, status: "error", errors: { contact_email: ["contact_email is required"] } },
        { line: BAD.slugTaken, status: "error", errors: { slug: [`The slug '${taken.slug}' is taken`] } },
      ]);
      expect(results[0]).toEqual({ line: 1, status: "created", id: expect.any(String) });
      expect(await imported()).toBe(9_997);
      // Batches were committed while the body was still arriving: it was never read whole first.
      expect(committedBeforeLastChunk).toBeGreaterThanOrEqual(9_000);
      // Each created tenant has exactly one tenant.* event and one audit entry.
      const events = await db.webhookEvent.groupBy({
        by: ["type"],
        where: {
          tenantId: { in: results.filter((r: { id?: string }) => r.id).map((r: { id: string }) => r.id) },
        },
        _count: true,
      });
      expect(events).toEqual([{ type: "tenant.created", _count: 9_997 }]);
      expect(
        await db.auditLog.count({ where: { action: "tenant.created", actorLabel: "api-key:platform" } }),
      ).toBe(9_997);

      // The same file again, two lines longer: unchanged, the same 3 errors, and lines past 10,000 refused.
      const again = await post(
        new ReadableStream({
          async start(controller) {
            const reader = ndjsonStream(LINES).getReader();
            for (let next = await reader.read(); !next.done; next = await reader.read())
              controller.enqueue(next.value);
            controller.enqueue(new TextEncoder().encode(`${line(1)}\n\n${line(2)}\n`));
            controller.close();
          },
        }),
      );
      const second = await again.json();
      expect(second.totals).toEqual({ lines: 10_001, created: 0, updated: 0, unchanged: 9_997, errors: 4 });
      expect(second.results.at(-1)).toEqual({
        line: 10_001,
        status: "error",
        errors: {
          _form: [
            "A request imports at most 10,000 lines: this line and the 1 after it were not imported; send them in another request",
          ],
        },
      });
      expect(await imported()).toBe(9_997);
    },
  );

  it("numbers lines as in the file (blank lines and CRLF too) and updates a tenant a later line changes", async () => {
    const external = `${PREFIX}-small`;
    const first = {
      external_id: external,
      name: "Small One",
      plan: "free",
      contact_email: "a@small.example",
    };
    const body = [
      JSON.stringify(first),
      "",
      JSON.stringify({ ...first, plan: "pro" }),
      "[1, 2]",
      "x".repeat(5_000),
      JSON.stringify({ ...first, external_id: `${PREFIX}-other`, name: "Other One", slug: "Bad Slug" }),
    ].join("\r\n");
    const { totals, results } = await (await post(body)).json();
    expect(totals).toEqual({ lines: 5, created: 1, updated: 1, unchanged: 0, errors: 3 });
    expect(results).toEqual([
      { line: 1, status: "created", id: expect.any(String) },
      { line: 3, status: "updated", id: results[0].id },
      { line: 4, status: "error", errors: { _form: [expect.stringContaining("expected object")] } },
      { line: 5, status: "error", errors: { _form: ["A line is at most 4096 characters"] } },
      { line: 6, status: "error", errors: { slug: ["Use lowercase letters, digits and single dashes"] } },
    ]);
    expect(
      await db.webhookEvent.findMany({ where: { tenantId: results[0].id }, orderBy: { seq: "asc" } }),
    ).toMatchObject([{ type: "tenant.created" }, { type: "tenant.plan_changed" }]);
  });

  it("400 before anything is written for a body that is not NDJSON or too large to be an import", async () => {
    const before = await db.tenant.count();
    const json = await post(line(1), { "content-type": "application/json" });
    expect(json.status).toBe(400);
    expect((await json.json()).error.fields).toEqual({
      "content-type": ["Content-Type must be application/x-ndjson"],
    });
    const huge = await post(line(1), { "content-length": String(100 * 1024 * 1024) });
    expect(huge.status).toBe(400);
    expect((await huge.json()).error.message).toContain("split it into several requests");
    expect(await db.tenant.count()).toBe(before);
  });

  it("an empty body imports nothing; 401 without a key, 403 without tenants:write", async () => {
    expect(await (await post("")).json()).toEqual({
      totals: { lines: 0, created: 0, updated: 0, unchanged: 0, errors: 0 },
      results: [],
    });
    expect((await post(line(1), { authorization: "" })).status).toBe(401);
    expect((await post(line(1), { authorization: `Bearer ${readOnlyKey}` })).status).toBe(403);
  });
});
