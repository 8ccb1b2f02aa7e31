// Steward on a real 3-master Redis Cluster (REDIS_CLUSTER_NODES): the same tests as on one Redis,
// their bodies shared with the single-Redis files. The cluster starts in a couple of seconds.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { startRedisCluster } from "@/lib/devservices/redis-cluster";
import { describeEmailNotifications } from "./shared/email-notifications";
import { describeGatewayStatusAcrossProcesses } from "./shared/gateway-status-across-processes";
import { describeJobRoundTrip } from "./shared/job-round-trip";
import { describeRateLimitAcrossProcesses } from "./shared/rate-limit-across-processes";

const cluster = await startRedisCluster({ dataDir: mkdtempSync(join(tmpdir(), "steward-cluster-")) });
// Before anything reads the settings; child processes inherit it.
process.env.REDIS_CLUSTER_NODES = cluster.nodes;
afterAll(() => cluster.stop());

describeRateLimitAcrossProcesses("Redis Cluster");
describeGatewayStatusAcrossProcesses("Redis Cluster");
describeJobRoundTrip("Redis Cluster");
describeEmailNotifications("Redis Cluster");

it("kept the state on the cluster's masters, not on the single Redis", () => {
  const keys = cluster.ports.map((port) =>
    Number(execFileSync("redis-cli", ["-p", String(port), "dbsize"], { encoding: "utf8" })),
  );
  expect(keys.reduce((sum, n) => sum + n, 0)).toBeGreaterThan(0);
});
