import { describe, expect, it } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import {
  importTenants,
  importTotals,
  type ImportLineResult,
  type ImportRow,
} from "@/lib/tenants/import-tenants";
import { ndjsonRows } from "@/lib/tenants/ndjson-rows";
import { makeUser } from "./setup/fixtures";

const { actor: owner } = await makeUser("OWNER");
const platform: Actor = {
  kind: "apiKey",
  id: "key-import-test",
  label: "api-key:import test",
  role: "SYSTEM",
};
let counter = 0;
const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}${(counter++).toString(36)}`;

const row = (line: number, value: Record<string, unknown>): ImportRow => ({ line, value });
const tenant = (externalId: string, overrides: Record<string, unknown> = {}) => ({
  external_id: externalId,
  name: `Tenant ${externalId}`,
  plan: "starter",
  contact_email: `ops@${externalId}.example`,
  ...overrides,
});

async function collect(results: AsyncIterable<ImportLineResult>) {
  const all: ImportLineResult[] = [];
  for await (const result of results) all.push(result);
  return all;
}

function streamOf(chunks: (string | Uint8Array)[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks)
        controller.enqueue(typeof chunk === "string" ? new TextEncoder().encode(chunk) : chunk);
      controller.close();
    },
  });
}

describe("importTenants", () => {
  it("applies rows in order across batches: a repeated external id updates, a repeated slug fails alone", async () => {
    const [a, b, c] = [unique("a"), unique("b"), unique("c")];
    const slug = unique("shared");
    const rows: ImportRow[] = [
      row(1, tenant(a, { slug })),
      row(2, tenant(a, { plan: "pro" })), // the same batch: waits for the next one, then updates
      { line: 3, errors: { _form: ["Row 3 has 9 cells; the header has 6"] } },
      row(4, tenant(b, { slug })),
      row(5, tenant(c)),
      row(6, tenant(c)),
    ];
    const results = await collect(importTenants(owner, rows, { batchSize: 2 }));
    expect(results.map((r) => [r.line, r.status])).toEqual([
      [1, "created"],
      [2, "updated"],
      [3, "error"],
      [4, "error"],
      [5, "created"],
      [6, "unchanged"],
    ]);
    expect(results[3].errors).toEqual({ slug: [`The slug '${slug}' is taken`] });
    expect(importTotals(results)).toEqual({ lines: 6, created: 2, updated: 1, unchanged: 1, errors: 2 });
    const stored = await db.tenant.findUniqueOrThrow({ where: { externalId: a } });
    expect(stored).toMatchObject({ slug, plan: "pro" });
    expect(
      (await db.webhookEvent.findMany({ where: { tenantId: stored.id }, orderBy: { seq: "asc" } })).map(
        (e) => e.type,
      ),
    ).toEqual(["tenant.created", "tenant.plan_changed"]);
  });

  it("two imports of the same tenants at once, in opposite orders, create each tenant once with no errors", async () => {
    const ids = Array.from({ length: 300 }, () => unique("race"));
    const rows = ids.map((id, i) => row(i + 1, tenant(id)));
    const [first, second] = await Promise.all([
      collect(importTenants(platform, rows, { batchSize: 100 })),
      collect(importTenants(platform, [...rows].reverse(), { batchSize: 100 })),
    ]);
    const totals = [importTotals(first), importTotals(second)];
    expect(totals.map((t) => t.errors)).toEqual([0, 0]);
    expect(totals[0].created + totals[1].created).toBe(300);
    expect(await db.tenant.count({ where: { externalId: { in: ids } } })).toBe(300);
    const tenants = await db.tenant.findMany({ where: { externalId: { in: ids } }, select: { id: true } });
    expect(
      await db.webhookEvent.count({
        where: { tenantId: { in: tenants.map((t) => t.id) }, type: "tenant.created" },
      }),
    ).toBe(300);
  });

  it("derives slugs for rows without one, the same on a retry", async () => {
    const name = `Nordwind ${unique("n")}`;
    const [x, y] = [unique("x"), unique("y")];
    const rows = [row(1, tenant(x, { name })), row(2, tenant(y, { name }))];
    await collect(importTenants(owner, rows));
    const again = await collect(importTenants(owner, rows));
    expect(again.map((r) => r.status)).toEqual(["unchanged", "unchanged"]);
    const slugs = await db.tenant.findMany({
      where: { externalId: { in: [x, y] } },
      orderBy: { slug: "asc" },
    });
    expect(slugs.map((t) => t.slug)).toEqual([
      expect.stringMatching(/^nordwind-n-[a-z0-9]+$/),
      expect.stringMatching(/^nordwind-n-[a-z0-9]+-[0-9a-f]{6}$/),
    ]);
  });
});

describe("ndjsonRows", () => {
  it("splits lines across chunks, even inside a character, and numbers them as in the file", async () => {
    const bytes = new TextEncoder().encode('{"name":"Zürich"}\n\n{"name":"Łódź"}');
    const cut = bytes.indexOf(0xc3) + 1; // inside the two bytes of "ü"
    const rows = await collect(
      ndjsonRows(streamOf([bytes.slice(0, cut), bytes.slice(cut)])) as AsyncIterable<never>,
    );
    expect(rows).toEqual([
      { line: 1, value: { name: "Zürich" } },
      { line: 3, value: { name: "Łódź" } },
    ]);
  });

  it("reports one error for the lines past the limit, and stops reading a body too large to be an import", async () => {
    const lines = Array.from({ length: 7 }, (_, i) => JSON.stringify({ n: i + 1 })).join("\n");
    const limited = await collect(
      ndjsonRows(streamOf([lines]), {
        maxLines: 5,
        maxLineChars: 100,
        maxBytes: 10_000,
      }) as AsyncIterable<never>,
    );
    expect(limited).toHaveLength(6);
    expect(limited[5]).toEqual({
      line: 6,
      errors: {
        _form: [
          "A request imports at most 5 lines: this line and the 1 after it were not imported; send them in another request",
        ],
      },
    });
    const truncated = await collect(
      ndjsonRows(streamOf([`${lines}\n`, "x".repeat(200)]), {
        maxLines: 50,
        maxLineChars: 100,
        maxBytes: 60,
      }) as AsyncIterable<never>,
    );
    expect(truncated.at(-1)).toEqual({
      line: 8,
      errors: {
        _form: ["The body is larger than an import of 50 lines can be; this line and the rest were not read"],
      },
    });
  });
});
