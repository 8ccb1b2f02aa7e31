// The proof that email survives a crashed worker: 500 notifications, the worker killed with SIGKILL
// in the middle of the run, a new worker started; the SMTP server must receive each message exactly
// once and the email log must say the same.
import { spawn, type ChildProcess } from "node:child_process";
import { SMTPServer, type SMTPServerSession } from "smtp-server";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { closeQueues } from "@/lib/jobs/queues";
import { waitForExit } from "@/lib/devservices/child-process";
import { findFreePort } from "@/lib/devservices/free-port";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import { queueEmail } from "@/lib/email/queue-email";
import { until } from "./setup/until";

const TOTAL = 500;
/** The kill comes once this many messages have arrived, so a good part of the run is still ahead. */
const KILL_AFTER = 150;
/** A BullMQ lock lasts 30 s and stalled jobs are looked for every 30 s: the restart may wait that long. */
const RUN_TIMEOUT_MS = 150_000;

type Received = { to: string; messageId: string };
const received: Received[] = [];
// While `holding`, the server leaves each new RCPT TO unanswered: the worker's sends stop before
// any message data, which is where a crash must not lose or repeat anything.
let holding = false;
const held: (() => void)[] = [];
let inData = 0;
let lastAcceptedAt = 0;

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS"],
  logger: false,
  onRcptTo(_address, _session, callback) {
    if (holding) held.push(() => callback(new Error("server going away")));
    else callback();
  },
  onData(stream, session: SMTPServerSession, callback) {
    inData++;
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      const messageId = /^Message-ID:\s*(\S+)/im.exec(Buffer.concat(chunks).toString("utf8"))?.[1] ?? "";
      received.push({ to: session.envelope.rcptTo[0].address, messageId });
      inData--;
      lastAcceptedAt = Date.now();
      callback();
    });
  },
});
const port = await findFreePort();
await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));

const workers: ChildProcess[] = [];
function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], {
    env: { ...process.env, SMTP_URL: `smtp://127.0.0.1:${port}` },
    stdio: "ignore",
  });
  workers.push(child);
  return child;
}

afterAll(async () => {
  for (const child of workers) child.kill("SIGKILL");
  await closeQueues();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe("email delivery across a worker crash", () => {
  it(
    "delivers each of 500 notifications exactly once after a SIGKILL mid-run, and the log agrees",
    { timeout: RUN_TIMEOUT_MS * 2 },
    async () => {
      await ensureDefaultTemplates();
      for (let i = 0; i < TOTAL; i++) {
        await queueEmail({
          templateKey: "trial_expired",
          to: `owner${i}@tenant${i}.example`,
          variables: { tenantName: `Tenant ${i}`, planName: "Pro" },
          dedupeKey: `reliability:${i}`,
        });
      }

      const first = startWorker();
      await until(() => received.length >= KILL_AFTER, RUN_TIMEOUT_MS, `${KILL_AFTER} messages received`);
      // Kill while sends are in flight (held before their data) and no accepted message is still being recorded.
      holding = true;
      await until(
        () => held.length > 0 && inData === 0 && Date.now() - lastAcceptedAt > 500,
        10_000,
        "sends held mid-flight",
      );
      first.kill("SIGKILL");
      const receivedAtKill = received.length;
      const inFlightAtKill = held.length;
      await waitForExit(first);
      holding = false;
      for (const reject of held.splice(0)) reject();
      expect(receivedAtKill).toBeLessThan(TOTAL);
      expect(inFlightAtKill).toBeGreaterThan(0);

      const second = startWorker();
      await until(
        async () => (await db.emailLog.count({ where: { status: "sent" } })) === TOTAL,
        RUN_TIMEOUT_MS,
        "every email logged as sent",
      );
      second.kill("SIGTERM");
      await waitForExit(second);

      // Exactly once on the wire: every recipient and every Message-ID once.
      expect(received).toHaveLength(TOTAL);
      expect(new Set(received.map((r) => r.to)).size).toBe(TOTAL);
      expect(new Set(received.map((r) => r.messageId)).size).toBe(TOTAL);
      // And the log agrees: each row sent, with the Message-ID the server received for its recipient.
      const logs = await db.emailLog.findMany({
        select: { id: true, status: true, providerMessageId: true },
      });
      expect(logs).toHaveLength(TOTAL);
      const receivedIds = new Set(received.map((r) => r.messageId));
      for (const log of logs) {
        expect(log.status).toBe("sent");
        expect(log.providerMessageId).toBe(`<${log.id}@steward>`);
        expect(receivedIds.has(log.providerMessageId!)).toBe(true);
      }
    },
  );
});
