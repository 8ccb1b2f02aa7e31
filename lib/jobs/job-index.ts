import type { Job } from "bullmq";
import { db, type Prisma } from "@/lib/db";
import type { JobState } from "@/lib/generated/prisma/enums";

// Payload keys whose values are personal or secret; they never reach the index or the dashboard.
// Keys naming an id (emailLogId, tenant_id) are references, not the data itself, and stay searchable.
const SENSITIVE_KEY = /e-?mail|password|secret|token|phone|address|recipient|name$/i;
const REFERENCE_KEY = /(Id|Ids|_id|_ids)$/;

/** A copy of a payload with sensitive values replaced, at any depth. */
export function redactPayload(value: unknown, key = ""): unknown {
  if (key && SENSITIVE_KEY.test(key) && !REFERENCE_KEY.test(key)) return "[redacted]";
  if (Array.isArray(value)) return value.map((item) => redactPayload(item));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactPayload(v, k)]));
  return value;
}

/** "key=value" pairs of the leaves, so a search for "tenantId=abc" or "abc" finds the job. */
function searchTextOf(value: unknown, prefix = ""): string[] {
  if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => searchTextOf(v, prefix ? `${prefix}.${k}` : k));
  return [`${prefix}=${String(value)}`];
}

export function jobRecordId(queue: string, jobId: string): string {
  return `${queue}:${jobId}`;
}

/**
 * Brings the job's index row up to date with what BullMQ just reported. Writes are upserts keyed
 * on queue and job id, so events arriving twice or out of order converge on the job's latest state.
 */
export async function indexJob(job: Job, state: JobState): Promise<void> {
  const payload = redactPayload(job.data) as Prisma.InputJsonValue;
  const fields = {
    name: job.name,
    state,
    payload,
    searchText: searchTextOf(payload).join(" ").slice(0, 4_000),
    attemptsMade: job.attemptsMade,
    failedReason: job.failedReason ?? null,
    processedAt: job.processedOn ? new Date(job.processedOn) : null,
    finishedAt: job.finishedOn ? new Date(job.finishedOn) : null,
  };
  await db.jobRecord.upsert({
    where: { id: jobRecordId(job.queueName, job.id!) },
    create: { id: jobRecordId(job.queueName, job.id!), queue: job.queueName, jobId: job.id!, createdAt: new Date(job.timestamp), ...fields },
    update: fields,
  });
}
