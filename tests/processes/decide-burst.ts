// A separate app process for the rate-limit concurrency test: once "go" arrives on stdin, `clients`
// concurrent loops send `requests` checks in all through the in-process limiter, then it prints
// how many it decided and how many were allowed.
import { checkRateLimit } from "@/lib/rate-limits/rate-limiter";
import { webRedis, whenReady } from "@/lib/redis";

const [tenant, ip, clients, requests] = [
  process.argv[2],
  process.argv[3],
  Number(process.argv[4]),
  Number(process.argv[5]),
];
await whenReady(webRedis());
// Warm up on another address until the limiter's own connection answers (a Redis Cluster learns its
// slots first): a check sent before would be a failure-mode answer, not a decision.
while ((await checkRateLimit({ tenant, ip: "192.0.2.1" })).degraded)
  await new Promise((resolve) => setTimeout(resolve, 50));
console.log("ready");
await new Promise((resolve) => process.stdin.once("data", resolve));

let sent = 0;
let allowed = 0;
let decided = 0;
await Promise.all(
  Array.from({ length: clients }, async () => {
    while (sent < requests) {
      sent++;
      if ((await checkRateLimit({ tenant, ip })).allowed) allowed++;
      decided++;
    }
  }),
);
console.log(JSON.stringify({ allowed, decided }));
process.exit(0);
