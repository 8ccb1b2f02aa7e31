import { isAppError } from "@/lib/errors";
import { webRedis, whenReady, withRedisDeadline } from "@/lib/redis";
import { recordNewBans } from "./flush-rate-limit-stats";

/**
 * Records the automatic bans Redis issued since the worker's last flush (once a minute), for a page
 * about to list bans: a ban shows at once instead of up to a minute later. Taking them off Redis's
 * list is atomic and recording is idempotent, so this and the flush never record one twice. When
 * Redis does not answer the page goes on and the flush records them later. Returns how many.
 */
export async function recordPendingBans(): Promise<number> {
  try {
    return await withRedisDeadline(whenReady(webRedis()).then(recordNewBans));
  } catch (error) {
    if (isAppError(error) && error.code === "UNAVAILABLE") return 0;
    throw error;
  }
}
