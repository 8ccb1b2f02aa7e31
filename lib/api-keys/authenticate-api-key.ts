import { timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { Actor } from "@/lib/auth/actor";
import { apiKeyState } from "./hygiene";
import { apiKeyPrefix, hashApiKey } from "./key-format";
import type { ApiKeyScope } from "./scopes";

// Writing last-used on every call would put a write on every API request; once a minute is enough to read.
const LAST_USED_RESOLUTION_MS = 60_000;
/**
 * A gateway asks for every request it serves (rate-limit checks); a Postgres read each time would
 * cost more than the decision. Valid keys are remembered this long, so a key revoked in another
 * web process stops working within this time (in the revoking process: at once). A rotated key's
 * revokedAt is remembered too, so it stops at the end of its grace period even while remembered.
 */
const VERIFIED_TTL_MS = 5_000;
const VERIFIED_MAX = 1_000;

type VerifiedKey = {
  id: string;
  name: string;
  scopes: string[];
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: number;
};
// On globalThis: Next.js bundles route handlers and server actions separately, and a revocation
// made in one must clear what the other remembers.
const holder = globalThis as unknown as {
  stewardVerifiedKeys?: { keys: Map<string, VerifiedKey>; generation: number };
};
const verified = (holder.stewardVerifiedKeys ??= { keys: new Map(), generation: 0 });

/** Drops every remembered key, e.g. after a revocation; a lookup already under way is not kept either. */
export function forgetVerifiedKeys(): void {
  verified.keys.clear();
  verified.generation++;
}

async function lookUp(key: string, prefix: string, now: Date): Promise<VerifiedKey | null> {
  const hash = hashApiKey(key);
  const cached = verified.keys.get(hash);
  if (cached && cached.expiresAt > now.getTime())
    return apiKeyState(cached, now) === "revoked" ? null : cached;
  const generation = verified.generation;
  const record = await db.apiKey.findUnique({ where: { prefix } });
  const matches = record && timingSafeEqual(Buffer.from(record.secretHash, "hex"), Buffer.from(hash, "hex"));
  if (!record || !matches || apiKeyState(record, now) === "revoked") return null;
  // Only valid keys are remembered, so guessing cannot fill the map; the cap bounds many real keys.
  if (verified.keys.size >= VERIFIED_MAX) verified.keys.clear();
  const entry = {
    id: record.id,
    name: record.name,
    scopes: record.scopes,
    lastUsedAt: record.lastUsedAt,
    revokedAt: record.revokedAt,
    expiresAt: now.getTime() + VERIFIED_TTL_MS,
  };
  // A revocation while this lookup read the row: answer from the row, but do not remember it.
  if (generation === verified.generation) verified.keys.set(hash, entry);
  return entry;
}

/**
 * Resolves `Authorization: Bearer <key>` to an actor holding `scope`.
 * 401 for a missing, malformed, unknown or revoked key (a rotated key: once its grace period is
 * over); 403 for a valid key without the scope.
 */
export async function authenticateApiKey(
  authorization: string | null,
  scope: ApiKeyScope,
  ip?: string | null,
): Promise<Actor> {
  const key = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  const prefix = key ? apiKeyPrefix(key) : null;
  if (!key || !prefix)
    throw new AppError("UNAUTHENTICATED", "Send an API key as 'Authorization: Bearer <key>'.");
  const now = new Date();
  const record = await lookUp(key, prefix, now);
  if (!record) throw new AppError("UNAUTHENTICATED", "This API key is not valid.");
  if (!record.scopes.includes(scope))
    throw new AppError("FORBIDDEN", `This API key lacks the '${scope}' scope.`);
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    record.lastUsedAt = now;
    await db.apiKey.update({ where: { id: record.id }, data: { lastUsedAt: now } });
  }
  return { kind: "apiKey", id: record.id, label: `api-key:${record.name}`, role: "SYSTEM", ip };
}
