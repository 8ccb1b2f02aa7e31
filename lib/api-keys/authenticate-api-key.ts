import { timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { apiKeyPrefix, hashApiKey } from "./key-format";
import type { ApiKeyScope } from "./scopes";

// Writing last-used on every call would put a write on every API request; once a minute is enough to read.
const LAST_USED_RESOLUTION_MS = 60_000;

/**
 * Resolves `Authorization: Bearer <key>` to an actor holding `scope`.
 * 401 for a missing, malformed, unknown or revoked key; 403 for a valid key without the scope.
 */
export async function authenticateApiKey(authorization: string | null, scope: ApiKeyScope, ip?: string | null): Promise<Actor> {
  const key = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const prefix = key ? apiKeyPrefix(key) : null;
  if (!key || !prefix) throw new AppError("UNAUTHENTICATED", "Send an API key as 'Authorization: Bearer <key>'.");
  const record = await db.apiKey.findUnique({ where: { prefix } });
  const matches = record && timingSafeEqual(Buffer.from(record.secretHash, "hex"), Buffer.from(hashApiKey(key), "hex"));
  if (!record || !matches || record.revokedAt) throw new AppError("UNAUTHENTICATED", "This API key is not valid.");
  if (!record.scopes.includes(scope)) throw new AppError("FORBIDDEN", `This API key lacks the '${scope}' scope.`);
  const now = new Date();
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiKey.update({ where: { id: record.id }, data: { lastUsedAt: now } });
  }
  return { kind: "apiKey", id: record.id, label: `api-key:${record.name}`, role: "SYSTEM", ip };
}
