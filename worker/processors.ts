import { UnrecoverableError, type Job, type Processor } from "bullmq";
import { JOBS, type JobName, type QueueName } from "@/lib/jobs/queues";
import { currentWorkerIdentity, recordHeartbeat } from "@/lib/jobs/heartbeat";

const startedAt = new Date();

/** Handlers by job name; each gets the payload already validated against the registry. */
const handlers: { [N in JobName]: (job: Job) => Promise<unknown> } = {
  heartbeat: () => recordHeartbeat(currentWorkerIdentity(startedAt)),
};

/** A bad payload will never become good by retrying, so it fails at once. */
function validated(job: Job): JobName {
  const name = job.name as JobName;
  const definition = JOBS[name];
  if (!definition) throw new UnrecoverableError(`Unknown job type '${job.name}'`);
  const parsed = definition.payload.safeParse(job.data);
  if (!parsed.success) throw new UnrecoverableError(`Invalid payload for '${job.name}': ${parsed.error.message}`);
  return name;
}

export const processors: Record<QueueName, Processor> = {
  maintenance: (job) => handlers[validated(job)](job),
};
