import { readdirSync, readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { AppError } from "@/lib/errors";

// File names are "<epoch ms>-<uuid>.eml" (see lib/devservices/mail-catcher.ts); ids are checked
// against this shape so a crafted id cannot reach outside the folder.
const ID_PATTERN = /^\d{13}-[0-9a-f-]{36}$/;

/** Where the development mail catcher keeps messages, or null when Steward sends through real SMTP. */
export function outboxDir(): string | null {
  const dir = process.env.STEWARD_OUTBOX_DIR;
  return dir && existsSync(dir) ? dir : null;
}

export type OutboxEntry = { id: string; receivedAt: Date; from: string; to: string; subject: string };

function entryOf(id: string, mail: ParsedMail): OutboxEntry {
  return {
    id,
    receivedAt: new Date(Number(id.split("-")[0])),
    from: mail.from?.text ?? "",
    to: [mail.to]
      .flat()
      .map((a) => a?.text ?? "")
      .join(", "),
    subject: mail.subject ?? "(no subject)",
  };
}

/** The newest `limit` caught messages, newest first. */
export async function listOutbox(limit = 100): Promise<OutboxEntry[]> {
  const dir = outboxDir();
  if (!dir) return [];
  const ids = readdirSync(dir)
    .filter((f) => f.endsWith(".eml"))
    .map((f) => f.slice(0, -4))
    .filter((id) => ID_PATTERN.test(id))
    .sort()
    .reverse()
    .slice(0, limit);
  return Promise.all(
    ids.map(async (id) => entryOf(id, await simpleParser(readFileSync(join(dir, `${id}.eml`))))),
  );
}

export async function getOutboxMessage(id: string) {
  const dir = outboxDir();
  if (!dir || !ID_PATTERN.test(id) || !existsSync(join(dir, `${id}.eml`)))
    throw new AppError("NOT_FOUND", "No such message in the outbox.");
  const mail = await simpleParser(readFileSync(join(dir, `${id}.eml`)));
  return {
    ...entryOf(id, mail),
    messageId: mail.messageId ?? null,
    html: typeof mail.html === "string" ? mail.html : null,
    text: mail.text ?? "",
  };
}
