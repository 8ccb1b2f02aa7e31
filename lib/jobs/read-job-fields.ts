import { getQueue, queueConnection, type QueueName } from "./queues";

/**
 * A few fields of many jobs in one pipeline, without loading the rest of each job (options, stack
 * traces, return values): for the reads that scan many jobs, like search and run-time metrics.
 * Jobs removed since their ids were read are left out.
 */
export async function readJobFields<F extends string>(
  queue: QueueName,
  ids: string[],
  fields: readonly F[],
): Promise<{ id: string; fields: Record<F, string | null> }[]> {
  const bull = getQueue(queue);
  const replies =
    (await queueConnection(queue)
      .pipeline(ids.map((id) => ["hmget", bull.toKey(id), ...fields]))
      .exec()) ?? [];
  return ids.flatMap((id, i) => {
    const [error, values] = replies[i] as [Error | null, (string | null)[]];
    if (error || values.every((value) => value === null)) return [];
    return [
      {
        id,
        fields: Object.fromEntries(fields.map((field, k) => [field, values[k]])) as Record<F, string | null>,
      },
    ];
  });
}
