// A job's round trip through Steward's queue settings, run on one Redis (job-round-trip.test.ts)
// and on a Redis Cluster (redis-cluster.test.ts).
import { Worker } from "bullmq";
import { describe, expect, it } from "vitest";
import { closeQueues, getQueue, workerOptions } from "@/lib/jobs/queues";
import { createRedis } from "@/lib/redis";
import { until } from "../setup/until";

/** A job that fails twice is retried with its backoff and completes on the third attempt. */
export function describeJobRoundTrip(connection: string) {
  describe(`job round trip (${connection})`, () => {
    it("a job failing twice is retried and completes on its third attempt, with its result", async () => {
      const seen: number[] = [];
      const worker = new Worker(
        "maintenance",
        async (job) => {
          seen.push(job.attemptsMade);
          if (job.attemptsMade < 2) throw new Error(`attempt ${job.attemptsMade + 1} fails`);
          return { doubled: (job.data as { n: number }).n * 2 };
        },
        workerOptions("maintenance", createRedis("worker")),
      );
      try {
        const queue = getQueue("maintenance");
        const added = await queue.add(
          "round-trip",
          { n: 21 },
          { attempts: 3, backoff: { type: "fixed", delay: 20 } },
        );
        const done = await until(async () => {
          const job = await queue.getJob(added.id!);
          return job?.finishedOn ? job : null;
        });
        expect(done.returnvalue).toEqual({ doubled: 42 });
        expect(done.attemptsMade).toBe(3);
        expect(seen).toEqual([0, 1, 2]);
      } finally {
        await worker.close();
        await closeQueues();
      }
    });
  });
}
