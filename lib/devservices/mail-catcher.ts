import { randomUUID } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";

export type RunningMailCatcher = { url: string; stop(): Promise<void> };

/**
 * A local SMTP server that accepts every message and keeps it: as a `.eml` file in `dir` (the
 * Outbox page reads them) and/or through `onMessage`. Used when no SMTP_URL is set, and by tests.
 */
export async function startMailCatcher(options: {
  port: number;
  dir?: string;
  onMessage?: (raw: Buffer, envelope: { from: string; to: string[] }) => void;
}): Promise<RunningMailCatcher> {
  if (options.dir) mkdirSync(options.dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks);
        if (options.dir) writeFileSync(join(options.dir, `${Date.now()}-${randomUUID()}.eml`), raw);
        const from = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
        options.onMessage?.(raw, { from, to: session.envelope.rcptTo.map((r) => r.address) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  return {
    url: `smtp://127.0.0.1:${options.port}`,
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
