import pg from "pg";
import { env } from "@/lib/env";
import { logger } from "@/lib/logger";
import { dispatchWebhookEvents } from "./dispatch-events";

/** Fans out anyway this often, in case a notification was lost (a dropped connection). */
const FALLBACK_MS = 5_000;
const RECONNECT_MS = 2_000;

/**
 * Fans out outbox events as soon as they commit: the outbox's trigger notifies `webhook_events` at
 * the commit, and this listens. Runs in the worker; one fan-out at a time per process, another
 * right after when events arrived meanwhile.
 */
export function startWebhookRelay(): { stop(): Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  let stopped = false;
  let client: pg.Client | null = null;

  const dispatch = (): void => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await dispatchWebhookEvents();
        } catch (error) {
          logger.warn({ err: (error as Error).message }, "webhook fan-out failed; retried shortly");
        }
      } while (again && !stopped);
      running = null;
    })();
  };

  let reconnecting = false;
  const reconnectLater = () => {
    if (stopped || reconnecting) return;
    reconnecting = true;
    setTimeout(() => {
      reconnecting = false;
      void listen();
    }, RECONNECT_MS);
  };

  const listen = async () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: env().DATABASE_URL });
    next.on("notification", dispatch);
    next.on("error", (error) => {
      logger.warn({ err: error.message }, "webhook relay lost its database connection; reconnecting");
      void next.end().catch(() => {});
      reconnectLater();
    });
    try {
      await next.connect();
      await next.query("LISTEN webhook_events");
    } catch (error) {
      logger.warn(
        { err: (error as Error).message },
        "webhook relay could not listen; retrying (the 5 s fallback runs meanwhile)",
      );
      void next.end().catch(() => {});
      return reconnectLater();
    }
    client = next;
    dispatch();
  };

  const timer = setInterval(dispatch, FALLBACK_MS);
  void listen();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
      await client?.end().catch(() => {});
    },
  };
}
