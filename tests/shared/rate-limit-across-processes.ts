// The rate-limit concurrency test, run on one Redis (rate-limit-concurrency.test.ts) and on a Redis
// Cluster (redis-cluster.test.ts): the app processes inherit the connection settings.
import { spawn } from "node:child_process";
import { describe, expect, it } from "vitest";
import { waitForExit, waitForOutput } from "@/lib/devservices/child-process";
import { updateTenantPolicy } from "@/lib/rate-limits/update-policy";
import { makeTenant, makeUser } from "../setup/fixtures";

function startApp(tenant: string, ip: string) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "tests/processes/decide-burst.ts", tenant, ip, "25", "150"],
    { env: process.env, stdio: ["pipe", "pipe", "inherit"] },
  );
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

/** Two app processes deciding for one tenant × address at once allow exactly the limit. */
export function describeRateLimitAcrossProcesses(connection: string) {
  describe(`rate-limit decisions across processes (${connection})`, () => {
    it("50 concurrent clients in two app processes sharing Redis get exactly the 100 an hour allows", async () => {
      const { actor: owner } = await makeUser("OWNER");
      const tenant = await makeTenant(owner);
      await updateTenantPolicy.execute(owner, {
        tenantId: tenant.id,
        enabled: true,
        shadow: false,
        overrideLimits: true,
        perMinute: "",
        perHour: 100,
        perDay: "",
        overrideAutoBan: true,
        banAfterViolations: "",
        banWindowSeconds: 600,
        banDurationSeconds: 3600,
      });
      const apps = [startApp(tenant.slug, "198.51.100.77"), startApp(tenant.slug, "198.51.100.77")];
      await Promise.all(apps.map(({ child }) => waitForOutput(child, "ready", 30_000, "app process")));
      for (const { child } of apps) child.stdin!.write("go\n");
      await Promise.all(apps.map(({ child }) => waitForExit(child)));

      const results = apps.map(
        ({ output }) =>
          JSON.parse(output().trim().split("\n").at(-1)!) as { allowed: number; decided: number },
      );
      // 300 decisions from both processes at once; which process wins each slot is up to the race.
      expect(results.map((r) => r.decided)).toEqual([150, 150]);
      expect(results.reduce((sum, r) => sum + r.allowed, 0)).toBe(100);
    }, 60_000);
  });
}
