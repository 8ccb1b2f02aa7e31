import { afterAll, describe, expect, it } from "vitest";
import { closeQueues, getQueue } from "@/lib/jobs/queues";
import { seedFailedJobs } from "@/lib/seed/seed-failed-jobs";

afterAll(closeQueues);

describe("seedFailedJobs", () => {
  it("leaves failed demo jobs with their error to retry or discard, once", async () => {
    expect(await seedFailedJobs()).toBe(3);
    const failed = await getQueue("health").getFailed();
    const expiry = failed.find((job) => job.id === "demo-failed-check-document-expiry");
    expect(expiry).toMatchObject({ name: "check-document-expiry", attemptsMade: 1 });
    expect(expiry!.failedReason).toContain("connection timeout");
    expect((await getQueue("billing").getFailed()).map((job) => job.name)).toEqual(["retry-failed-payments"]);

    expect(await seedFailedJobs()).toBe(0);
    expect(await getQueue("health").getFailedCount()).toBe(2);
  });
});
