import type { JobsOptions } from "bullmq";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { fieldErrorsOf } from "@/lib/validation";
import { getQueue, JOBS, type JobName } from "./queues";

/**
 * The one way to queue a job: the payload is checked against the registry first (a bad payload
 * is a caller's bug, refused here rather than failing later in the worker).
 * Pass `jobId` to deduplicate: BullMQ keeps one job per id.
 */
export async function enqueue<N extends JobName>(name: N, payload: z.input<(typeof JOBS)[N]["payload"]>, options: JobsOptions = {}) {
  const definition = JOBS[name];
  const parsed = definition.payload.safeParse(payload);
  if (!parsed.success) throw new AppError("VALIDATION", `Invalid payload for job '${name}'.`, fieldErrorsOf(parsed.error));
  return getQueue(definition.queue).add(name, parsed.data, options);
}
