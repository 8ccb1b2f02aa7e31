import type { JobsOptions } from "bullmq";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/validation";
import { getQueue, JOBS, type JobName } from "./queues";

export type Payload<N extends JobName> = z.input<(typeof JOBS)[N]["payload"]>;

/** A bad payload is a caller's bug, refused here rather than failing later in the worker. */
export function validPayload<N extends JobName>(name: N, payload: Payload<N>) {
  const parsed = JOBS[name].payload.safeParse(payload);
  if (!parsed.success)
    throw new AppError("VALIDATION", `Invalid payload for job '${name}'.`, fieldErrorsOf(parsed.error));
  return parsed.data;
}

/**
 * The one way to queue a job: the payload is checked against the registry first.
 * Pass `jobId` to deduplicate: BullMQ keeps one job per id.
 */
export async function enqueue<N extends JobName>(name: N, payload: Payload<N>, options: JobsOptions = {}) {
  return getQueue(JOBS[name].queue).add(name, validPayload(name, payload), options);
}

/** Many jobs of one type in one Redis round trip. */
export async function enqueueBulk<N extends JobName>(
  name: N,
  jobs: { payload: Payload<N>; options?: JobsOptions }[],
): Promise<void> {
  if (jobs.length === 0) return;
  await getQueue(JOBS[name].queue).addBulk(
    jobs.map((job) => ({ name, data: validPayload(name, job.payload), opts: job.options })),
  );
}
