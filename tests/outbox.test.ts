import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import nodemailer from "nodemailer";
import { afterAll, describe, expect, it } from "vitest";
import { findFreePort } from "@/lib/devservices/free-port";
import { startMailCatcher } from "@/lib/devservices/mail-catcher";
import { getOutboxMessage, listOutbox } from "@/lib/email/outbox";

const dir = mkdtempSync(join(tmpdir(), "steward-outbox-"));
process.env.STEWARD_OUTBOX_DIR = dir;
const catcher = await startMailCatcher({ port: await findFreePort(), dir });
afterAll(() => catcher.stop());

describe("outbox of the development mail catcher", () => {
  it("keeps what it receives and shows it newest first, parsed", async () => {
    const transport = nodemailer.createTransport(catcher.url);
    await transport.sendMail({
      from: "steward@test.example",
      to: "first@tenant.example",
      subject: "First",
      text: "one",
    });
    await new Promise((r) => setTimeout(r, 5));
    await transport.sendMail({
      from: "steward@test.example",
      to: "second@tenant.example",
      subject: "Second",
      text: "two",
      html: "<p>two</p>",
    });
    const entries = await listOutbox();
    expect(entries.map((e) => [e.subject, e.to])).toEqual([
      ["Second", "second@tenant.example"],
      ["First", "first@tenant.example"],
    ]);
    const message = await getOutboxMessage(entries[0].id);
    expect(message).toMatchObject({ subject: "Second", text: "two", html: "<p>two</p>" });
  });

  it("refuses ids that are not outbox file names", async () => {
    for (const id of ["../../etc/passwd", "1700000000000-../../x", "nope"])
      await expect(getOutboxMessage(id)).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
