// POST /api/v1/ratelimit/check: may { tenant, ip, cost? } pass? 200 allowed, 429/403 denied (API key with ratelimit:check; see decision-http.ts).
import { decisionRoute } from "@/app/_server/rate-limit-response";
import { readJsonBody } from "@/app/_server/read-json-body";
import { answerCheck } from "@/lib/rate-limits/decision-http";
import { rateLimiter } from "@/lib/rate-limits/rate-limiter";

export const POST = decisionRoute("/api/v1/ratelimit/check", (request, header) =>
  answerCheck(rateLimiter(), { header, readBody: () => readJsonBody(request) }),
);
