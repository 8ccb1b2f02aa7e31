import { z } from "zod";
import { QUEUES, type QueueName } from "../queues";

/** The states a job can be listed in; BullMQ keeps jobs with a priority in "prioritized", not "waiting". */
export const JOB_STATES = ["waiting", "prioritized", "active", "delayed", "completed", "failed"] as const;
export type ListedJobState = (typeof JOB_STATES)[number];

const queueNames = Object.keys(QUEUES) as [QueueName, ...QueueName[]];

export const queueNameSchema = z.enum(queueNames, { error: `queue must be one of ${queueNames.join(", ")}` });

export const listJobsSchema = z.object({
  q: z.string().trim().max(200).optional(),
  queue: queueNameSchema.optional(),
  state: z.enum(JOB_STATES).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

export type ListJobsQuery = z.output<typeof listJobsSchema>;

/** A job as the dashboard addresses it: "<queue>:<BullMQ id>". */
export const jobRefSchema = z.object({ id: z.string().regex(/^[a-z]+:.+$/, "Not a job reference") });
