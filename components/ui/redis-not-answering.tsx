import { REDIS_NOT_ANSWERING } from "@/lib/redis";
import { Card } from "./card";

/** Shown instead of a page whose figures live in Redis while Redis does not answer (see withRedisDeadline). */
export function RedisNotAnswering() {
  return (
    <Card>
      <p role="alert" className="text-sm text-amber-700 dark:text-amber-400">
        {REDIS_NOT_ANSWERING} Work recorded meanwhile is kept and queued once it answers again.
      </p>
    </Card>
  );
}
