import { DelayedError, UnrecoverableError, type Job, type Processor } from "bullmq";
import { JOBS, type JobName, type QueueName } from "@/lib/jobs/queues";
import { recordHeartbeat, type WorkerIdentity } from "@/lib/jobs/heartbeat";
import { pruneExpiredRecords } from "@/lib/jobs/prune-expired-records";
import { sendQueuedEmail } from "@/lib/email/send-queued-email";
import { requeueStrandedEmails } from "@/lib/email/requeue-stranded-emails";
import { deliverAlert } from "@/lib/alerts/deliver-alert";
import { escalateDueAlerts } from "@/lib/alerts/escalate-alerts";
import { sendAlertDigests } from "@/lib/alerts/send-alert-digests";
import { flushRateLimitStats } from "@/lib/rate-limits/flush-rate-limit-stats";
import { webRedis, whenReady } from "@/lib/redis";
import { expireTrials, sendTrialReminders } from "@/lib/billing/trial-sweeps";
import { retryFailedPayments } from "@/lib/billing/retry-failed-payments";
import { paymentGatewayFromEnv } from "@/lib/billing/payment-gateway";
import { detectAnomalies } from "@/lib/anomalies/detect-anomalies";
import { decidePendingItems } from "@/lib/review/decide/decide-items";
import { executeReviewDecision } from "@/lib/review/execute/execute-decision";
import { recommendSuspensions } from "@/lib/review/intake/recommend-suspensions";
import { isAppError } from "@/lib/errors";
import { checkDocumentExpiry } from "@/lib/documents/check-document-expiry";
import { analyzeUsage } from "@/lib/usage/analyze-usage";
import { sendApiKeyDigest } from "@/lib/api-keys/hygiene-digest";
import { deliverToEndpoint } from "@/lib/webhooks/deliver-endpoint";
import { sweepWebhooks } from "@/lib/webhooks/sweep-webhooks";
import { enqueue } from "@/lib/jobs/enqueue";
import { runTenantImport } from "@/lib/tenants/run-tenant-import";

type Handlers = { [N in JobName]: (job: Job, token?: string) => Promise<unknown> };

/** Handlers by job name; each gets the payload already validated against the registry. */
function handlersFor(worker: WorkerIdentity): Handlers {
  return {
    heartbeat: () => recordHeartbeat(worker),
    "prune-expired-records": (job) => pruneExpiredRecords((percent) => job.updateProgress(percent)),
    "flush-rate-limit-stats": async (job) =>
      flushRateLimitStats(await whenReady(webRedis()), (percent) => job.updateProgress(percent)),
    "requeue-stranded-emails": () => requeueStrandedEmails(),
    "send-trial-reminders": (job) => sendTrialReminders(new Date(), (percent) => job.updateProgress(percent)),
    "expire-trials": (job) => expireTrials(new Date(), (percent) => job.updateProgress(percent)),
    "retry-failed-payments": (job) =>
      retryFailedPayments(paymentGatewayFromEnv(), new Date(), (percent) => job.updateProgress(percent)),
    "detect-anomalies": (job) => detectAnomalies(new Date(), (percent) => job.updateProgress(percent)),
    "decide-review-items": (job) => decidePendingItems(new Date(), (percent) => job.updateProgress(percent)),
    "recommend-suspensions": (job) =>
      recommendSuspensions(new Date(), (percent) => job.updateProgress(percent)),
    "execute-review-decision": (job) =>
      executeReviewDecision(job.data.decisionId, paymentGatewayFromEnv(), {
        finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      }),
    "check-document-expiry": (job) =>
      checkDocumentExpiry(new Date(), (percent) => job.updateProgress(percent)),
    "analyze-usage": (job) => analyzeUsage(new Date(), (percent) => job.updateProgress(percent)),
    "send-api-key-digest": () => sendApiKeyDigest(new Date()),
    "send-email": async (job, token) => {
      const outcome = await sendQueuedEmail(job.data.emailLogId, {
        finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
      });
      if (outcome.sent || outcome.reason === "already-sent") return outcome;
      // Another run holds the send: look again once its claim has lapsed, without spending an attempt.
      await job.moveToDelayed(outcome.retryAt.getTime() + 1_000, token);
      throw new DelayedError();
    },
    "deliver-alert": (job) =>
      deliverAlert(job.data.deliveryId, { finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) }),
    "escalate-alerts": () => escalateDueAlerts(new Date()),
    "send-alert-digests": () => sendAlertDigests(new Date()),
    "deliver-webhooks": async (job) => {
      const run = await deliverToEndpoint(await whenReady(webRedis()), job.data.endpointId);
      if (run.next === "more") await enqueue("deliver-webhooks", job.data);
      if (run.next instanceof Date)
        await enqueue("deliver-webhooks", job.data, {
          delay: Math.max(0, run.next.getTime() - Date.now()),
          // Every run that finds the same next retry asks for it once.
          jobId: `retry-${job.data.endpointId}-${run.next.getTime()}`,
        });
      return run;
    },
    "sweep-webhooks": () => sweepWebhooks(),
    "import-tenants": (job) =>
      runTenantImport(job.data.importId, {
        finalAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1),
        onProgress: (percent) => job.updateProgress(percent),
      }),
  };
}

/** A bad payload will never become good by retrying, so it fails at once. */
export function validated(job: Job): JobName {
  const name = job.name as JobName;
  const definition = JOBS[name];
  if (!definition) throw new UnrecoverableError(`Unknown job type '${job.name}'`);
  const parsed = definition.payload.safeParse(job.data);
  if (!parsed.success)
    throw new UnrecoverableError(`Invalid payload for '${job.name}': ${parsed.error.message}`);
  return name;
}

/** One processor per queue, dispatching on the job name. */
export function createProcessors(worker: WorkerIdentity): Record<QueueName, Processor> {
  const handlers = handlersFor(worker);
  const dispatch: Processor = async (job, token) => {
    try {
      return await handlers[validated(job)](job, token);
    } catch (error) {
      // Missing records and bad input will not fix themselves; retrying only delays the failed view.
      if (isAppError(error) && (error.code === "NOT_FOUND" || error.code === "VALIDATION"))
        throw new UnrecoverableError(error.message);
      throw error;
    }
  };
  return {
    maintenance: dispatch,
    email: dispatch,
    alerts: dispatch,
    billing: dispatch,
    anomalies: dispatch,
    reviews: dispatch,
    health: dispatch,
    webhooks: dispatch,
    imports: dispatch,
  };
}
