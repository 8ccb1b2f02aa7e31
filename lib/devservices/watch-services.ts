import { connect } from "node:net";

/** A backing service the launcher watches, by the URL the app uses. */
export type WatchedService = { name: "PostgreSQL" | "Redis"; url: string };

// What each service answers at once on a fresh connection: Redis replies to PING (+PONG, or an
// error when it wants a password: an answer all the same); PostgreSQL replies N or S to an SSLRequest.
const GREETINGS: Record<WatchedService["name"], Buffer> = {
  Redis: Buffer.from("PING\r\n"),
  PostgreSQL: Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]),
};
const DEFAULT_PORTS: Record<WatchedService["name"], number> = { Redis: 6379, PostgreSQL: 5432 };

/**
 * Resolves when the service answers a greeting within `timeoutMs`; rejects with why not (refused,
 * or silent: a frozen or overloaded server accepts the connection and never replies).
 */
export function probeService(service: WatchedService, timeoutMs: number): Promise<void> {
  const url = new URL(service.url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) || DEFAULT_PORTS[service.name] });
    const finish = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    socket.once("connect", () => socket.write(GREETINGS[service.name]));
    socket.once("data", () => finish());
    socket.once("error", (error) => finish(error));
    socket.once("close", () => finish(new Error("connection closed without an answer")));
  });
}

/**
 * Probes each service every `everyMs` and reports a change of state once: when one stops answering
 * (within everyMs + timeoutMs of it dying or freezing) and when it answers again.
 */
export function watchServices(
  services: WatchedService[],
  report: (line: string) => void,
  { everyMs = 1_500, timeoutMs = 2_000 } = {},
): { stop(): void } {
  const down = new Set<string>();
  let stopped = false;
  const check = (service: WatchedService) =>
    probeService(service, timeoutMs).then(
      () => {
        if (stopped || !down.delete(service.name)) return;
        report(`${service.name} answers again.`);
      },
      (error: Error) => {
        if (stopped || down.has(service.name)) return;
        down.add(service.name);
        const { host } = new URL(service.url);
        report(
          `${service.name} is not answering at ${host} (${error.message}); the app waits for it. ` +
            `Restart it (or npm run dev), or check ${service.name === "Redis" ? "REDIS_URL" : "DATABASE_URL"}.`,
        );
      },
    );
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    void Promise.all(services.map(check)).finally(() => (running = false));
  }, everyMs);
  return {
    stop() {
      stopped = true;
      clearInterval(timer);
    },
  };
}
