import { readdirSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import type { Actor } from "@/lib/auth/actor";
import { POST as uploadRoute } from "@/app/api/tenants/[id]/documents/route";
import { POST as renewRoute } from "@/app/api/documents/[id]/renew/route";
import { GET as downloadRoute } from "@/app/api/documents/[id]/file/route";
import { documentsRoot } from "@/lib/documents/storage";
import { makeTenant, makeUser } from "./setup/fixtures";
import { routed } from "./setup/routed";

const upload = routed(uploadRoute, "/api/tenants/[id]/documents");
const renew = routed(renewRoute, "/api/documents/[id]/renew");
const download = routed(downloadRoute, "/api/documents/[id]/file");

// The routes read the session through next-auth, which exists only inside a Next request; here each
// test says who is signed in, and everything after that is the real code.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/app/_server/session", () => ({ currentActor: async () => session.actor }));

process.env.DOCUMENT_MAX_BYTES = "4096";

const { actor: owner } = await makeUser("OWNER");
const { actor: reviewer } = await makeUser("REVIEWER");
const tenant = await makeTenant(owner);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n");

function form(fields: Record<string, string>, file?: { name: string; bytes: Buffer }) {
  const body = new FormData();
  for (const [key, value] of Object.entries(fields)) body.set(key, value);
  if (file) body.set("file", new File([new Uint8Array(file.bytes)], file.name));
  return body;
}

const fields = { type: "certificate", title: "TLS certificate", expiresOn: "2031-03-31" };
const storedFiles = () =>
  readdirSync(documentsRoot(), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile())
    .length;

async function post(
  as: Actor | null,
  body: BodyInit,
  headers: Record<string, string> = {},
  url = `http://steward.test/api/tenants/${tenant.id}/documents`,
) {
  session.actor = as;
  return upload(new Request(url, { method: "POST", body, headers }));
}

describe("document routes", () => {
  it("uploads, then downloads the same bytes as an attachment that is never sniffed", async () => {
    const created = await post(owner, form(fields, { name: 'wild"card 2031.pdf', bytes: PDF }));
    expect(created.status).toBe(201);
    const { id } = await created.json();
    const file = await download(new Request(`http://steward.test/api/documents/${id}/file`));
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(PDF);
    expect(Object.fromEntries(file.headers)).toMatchObject({
      "content-type": "application/pdf",
      "x-content-type-options": "nosniff",
      "content-disposition": `attachment; filename="wild_card 2031.pdf"; filename*=UTF-8''wild%22card%202031.pdf`,
    });
  });

  it("answers bad input with 400 and field messages, never a 500, and writes nothing", async () => {
    const before = storedFiles();
    const oversized = await post(owner, "x".repeat(100), {
      "content-length": String(10 * 1_048_576),
      "content-type": "multipart/form-data; boundary=x",
    });
    expect(oversized.status).toBe(400);
    expect((await oversized.json()).error.fields).toEqual({
      file: ["The file is 10 MB; the limit is 4 KB."],
    });

    const traversal = await post(owner, form(fields, { name: "../../../etc/cron.d/x.pdf", bytes: PDF }));
    expect(traversal.status).toBe(400);
    expect((await traversal.json()).error.fields.file).toEqual([
      "The file name must not contain path separators, '..' or control characters.",
    ]);

    const notMultipart = await post(owner, JSON.stringify(fields), { "content-type": "application/json" });
    expect(notMultipart.status).toBe(400);
    const badDate = await post(owner, form({ ...fields, expiresOn: "2031-02-30" }));
    expect(badDate.status).toBe(400);
    expect((await badDate.json()).error.fields.expiresOn).toEqual(["Enter the expiry date as YYYY-MM-DD"]);
    expect(storedFiles()).toBe(before);
  });

  it("refuses reviewers and the signed-out on every route", async () => {
    expect((await post(reviewer, form(fields, { name: "r.pdf", bytes: PDF }))).status).toBe(403);
    expect((await post(null, form(fields))).status).toBe(401);
    session.actor = reviewer;
    expect(
      (
        await renew(
          new Request("http://steward.test/api/documents/x/renew", { method: "POST", body: form(fields) }),
        )
      ).status,
    ).toBe(403);
    expect((await download(new Request("http://steward.test/api/documents/x/file"))).status).toBe(403);
  });
});
