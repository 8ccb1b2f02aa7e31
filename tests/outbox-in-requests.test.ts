import { createServer, type Socket } from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";

// A Redis that accepts connections and never answers, as a frozen one does.
const sockets: Socket[] = [];
const frozen = createServer((socket) => void sockets.push(socket));
await new Promise<void>((ready) => frozen.listen(0, "127.0.0.1", ready));
process.env.REDIS_URL = `redis://127.0.0.1:${(frozen.address() as AddressInfo).port}`;
process.env.REDIS_COMMAND_TIMEOUT_MS = "300";

const { db } = await import("@/lib/db");
const { createWebhookEndpoint, sendTestWebhook } = await import("@/lib/webhooks/endpoint-actions");
const { runScheduleNow } = await import("@/lib/jobs/dashboard/schedule-actions");
const { makeUser } = await import("./setup/fixtures");

afterAll(() => {
  for (const socket of sockets) socket.destroy();
  frozen.close();
});

const { actor: owner } = await makeUser("OWNER");

/** Runs `work` and says how long it took; it must answer well within 2 s with Redis frozen. */
async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = Date.now();
  const result = await work();
  return { result, ms: Date.now() - started };
}

describe("with Redis frozen, requests that queue work answer and leave it in the job outbox", () => {
  it("a test webhook", async () => {
    const { id } = await createWebhookEndpoint.execute(owner, {
      url: "https://hooks.example.com/frozen",
      eventTypes: ["tenant.created"],
    });
    const { ms } = await timed(() => sendTestWebhook.execute(owner, { id }));
    expect(ms).toBeLessThan(2_000);
    const row = await db.jobOutbox.findFirstOrThrow({ where: { job: "deliver-webhooks" } });
    expect(row.payload).toEqual({ endpointId: id });
  });

  it("Run now", async () => {
    const { result, ms } = await timed(() => runScheduleNow.execute(owner, { id: "expire-trials" }));
    expect(ms).toBeLessThan(2_000);
    const row = await db.jobOutbox.findFirstOrThrow({ where: { job: "expire-trials" } });
    expect(result.job).toContain((row.options as { jobId: string }).jobId);
  });
});
