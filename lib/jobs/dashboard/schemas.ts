import { z } from "zod";
import { JobState } from "@/lib/generated/prisma/enums";
import { QUEUES, type QueueName } from "../queues";

const queueNames = Object.keys(QUEUES) as [QueueName, ...QueueName[]];

export const queueNameSchema = z.enum(queueNames, { error: `queue must be one of ${queueNames.join(", ")}` });

export const listJobsSchema = z.object({
  q: z.string().trim().max(200).optional(),
  queue: queueNameSchema.optional(),
  state: z.enum(JobState).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(500).default(100),
});

export type ListJobsQuery = z.output<typeof listJobsSchema>;

/** A job as the dashboard addresses it: "<queue>:<BullMQ id>". */
export const jobRefSchema = z.object({ id: z.string().regex(/^[a-z]+:.+$/, "Not a job reference") });
