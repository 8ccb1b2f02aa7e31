// POST /api/v1/ratelimit/check: may { tenant, ip, cost? } pass? 200 allowed / 429 denied (API key with ratelimit:check).
import { apiKeyRoute } from "@/app/_server/route";
import { rateLimitResponse } from "@/app/_server/rate-limit-response";
import { readJsonBody } from "@/app/_server/read-json-body";
import { rateLimiter } from "@/lib/rate-limits/rate-limiter";

export const POST = apiKeyRoute("ratelimit:check", async (request) =>
  rateLimitResponse(await rateLimiter().check(await readJsonBody(request))),
);
