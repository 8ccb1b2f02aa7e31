import { db } from "@/lib/db";
import { apiKeyFlags, apiKeyState, hygieneThresholds } from "./hygiene";

/** Every key for the API keys page: active ones first, each with its state, its flags and its replacement after a rotation. */
export async function listApiKeys(now: Date) {
  const thresholds = hygieneThresholds();
  const keys = await db.apiKey.findMany({
    orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
    select: {
      id: true,
      name: true,
      prefix: true,
      scopes: true,
      lastUsedAt: true,
      revokedAt: true,
      createdAt: true,
      createdBy: { select: { email: true } },
      rotatedTo: { select: { prefix: true } },
    },
  });
  return keys.map((key) => ({
    ...key,
    state: apiKeyState(key, now),
    flags: apiKeyFlags(key, now, thresholds),
  }));
}
