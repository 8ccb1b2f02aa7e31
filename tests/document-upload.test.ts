import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { renewDocument, uploadDocument } from "@/lib/documents/document-actions";
import { documentsRoot, readDocumentFile } from "@/lib/documents/storage";
import { makeTenant, makeUser } from "./setup/fixtures";

// Read once by env(): a small limit keeps the test files small.
process.env.DOCUMENT_MAX_BYTES = "4096";

const { actor: owner } = await makeUser("OWNER");
const { actor: reviewer } = await makeUser("REVIEWER");
const tenant = await makeTenant(owner);

const PDF = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(500, 0x20), Buffer.from("\n%%EOF\n")]);
const fields = {
  tenantId: tenant.id,
  type: "certificate",
  title: "TLS certificate",
  expiresOn: "2031-01-31",
};

/** Every file under the documents root, recursively. */
const storedFiles = () =>
  readdirSync(documentsRoot(), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile());

/** Runs an upload that must be refused, and checks nothing reached the disk or the database. */
async function expectRefused(upload: () => Promise<unknown>, field: string, message: string | RegExp) {
  // Counted before the upload starts, so its refusal is awaited at once and never left unhandled.
  const before = { files: storedFiles().length, rows: await db.tenantDocument.count() };
  const error = await upload().then(
    () => expect.unreachable("the upload was accepted"),
    (e: { code: string; fields?: Record<string, string[]> }) => e,
  );
  expect(error.code).toBe("VALIDATION");
  expect(error.fields?.[field]?.[0]).toMatch(message);
  expect({ files: storedFiles().length, rows: await db.tenantDocument.count() }).toEqual(before);
}

describe("document uploads", () => {
  it("stores a valid PDF under a generated name inside the documents folder", async () => {
    const { id } = await uploadDocument.execute(owner, {
      ...fields,
      file: new File([PDF], "cert 2031.pdf", { type: "application/pdf" }),
    });
    const stored = await db.tenantDocument.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({
      fileName: "cert 2031.pdf",
      storagePath: `${tenant.id}/${id}.pdf`,
      contentType: "application/pdf",
      sizeBytes: PDF.length,
      sha256: createHash("sha256").update(PDF).digest("hex"),
    });
    expect(await readDocumentFile(stored.storagePath!)).toEqual(PDF);
    // Only the finished file is there: no temporary part left behind.
    expect(storedFiles().map((f) => f.name)).toEqual([`${id}.pdf`]);
  });

  it("refuses an oversized file with the limit in the message, writing nothing", async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(5_000)]);
    await expectRefused(
      () => uploadDocument.execute(owner, { ...fields, file: new File([big], "big.pdf") }),
      "file",
      "The file is 5.4 KB; the limit is 4 KB.",
    );
  });

  it("refuses a file of another type, by name and by content, writing nothing", async () => {
    await expectRefused(
      () =>
        uploadDocument.execute(owner, {
          ...fields,
          file: new File([Buffer.from("MZ\x90\x00")], "setup.exe"),
        }),
      "file",
      "Only PDF, PNG, JPEG, PEM certificate files are accepted (not .exe).",
    );
    await expectRefused(
      () => uploadDocument.execute(owner, { ...fields, file: new File(["just text"], "contract.pdf") }),
      "file",
      "The file's content is not a PDF, although its name ends in .pdf.",
    );
    await expectRefused(
      () => uploadDocument.execute(owner, { ...fields, file: new File([PDF], "contract") }),
      "file",
      /the name has no extension/,
    );
    await expectRefused(
      () => uploadDocument.execute(owner, { ...fields, file: new File([], "empty.pdf") }),
      "file",
      "The file is empty.",
    );
  });

  it("refuses path traversal and control characters in the file name, writing nothing", async () => {
    for (const name of [
      "../../etc/passwd.pdf",
      "..\\..\\boot.pdf",
      "nested/dir.pdf",
      "/etc/cron.d/job.pdf",
      "a..pdf",
      "bad\u0000name.pdf",
      "line\nbreak.pdf",
    ]) {
      await expectRefused(
        () => uploadDocument.execute(owner, { ...fields, file: new File([PDF], name) }),
        "file",
        "The file name must not contain path separators, '..' or control characters.",
      );
    }
  });

  it("refuses text direction overrides that disguise a file's extension, writing nothing", async () => {
    await expectRefused(
      () => uploadDocument.execute(owner, { ...fields, file: new File([PDF], "invoice\u202Efdp.exe.pdf") }),
      "file",
      "The file name must not contain text direction characters.",
    );
  });

  it("refuses invalid fields with a message per field, and a reviewer altogether", async () => {
    const error = await uploadDocument
      .execute(owner, { tenantId: tenant.id, type: "custom", title: "x", expiresOn: "31/01/2031" })
      .catch((e) => e);
    expect(error.fields).toMatchObject({
      title: ["Give the document a title of at least 2 characters"],
      expiresOn: ["Enter the expiry date as YYYY-MM-DD"],
    });
    const custom = await uploadDocument.execute(owner, { ...fields, type: "custom" }).catch((e) => e);
    expect(custom.fields).toMatchObject({ customType: ["Name the custom type (at least 2 characters)"] });
    await expect(
      uploadDocument.execute(owner, { ...fields, tenantId: "no-such-tenant" }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    const files = storedFiles().length;
    await expect(
      uploadDocument.execute(reviewer, { ...fields, file: new File([PDF], "r.pdf") }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(storedFiles()).toHaveLength(files);
  });

  it("removes a renewal's stored file when the renewal is refused inside its transaction", async () => {
    const { id } = await uploadDocument.execute(owner, { ...fields, title: "Metadata only" });
    await renewDocument.execute(owner, { documentId: id, title: "Renewed", expiresOn: "2032-01-31" });
    const files = storedFiles().length;
    // The first version was replaced already: the file was written, then the transaction refused.
    await expect(
      renewDocument.execute(owner, {
        documentId: id,
        title: "Late",
        expiresOn: "2032-01-31",
        file: new File([PDF], "late.pdf"),
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect(storedFiles()).toHaveLength(files);
  });
});
