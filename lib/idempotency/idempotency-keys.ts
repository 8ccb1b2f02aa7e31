import { z } from "zod";
import { db, type Prisma } from "@/lib/db";

/** How long a completed request is answered again for its key (Stripe keeps them 24 hours too). */
export const IDEMPOTENCY_KEY_TTL_MS = 24 * 3_600_000;
/**
 * A claim whose request never finished (its process died) is taken over after this long. Longer than
 * any request runs (a 10,000-line import takes seconds), so a slow request is never run twice at once.
 */
export const ABANDONED_CLAIM_MS = 10 * 60_000;

/** The `Idempotency-Key` header: what Stripe accepts (up to 255 printable ASCII characters, e.g. a UUID). */
export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(1, "Idempotency-Key is empty")
  .max(255, "Idempotency-Key is at most 255 characters")
  .regex(/^[\x21-\x7e]+$/, "Idempotency-Key holds printable ASCII characters without spaces");

/** A key is scoped to whoever sent it (an API key's id), so two integrations never share keys. */
export type KeyScope = { ownerId: string; key: string };

export type Claim =
  /** This request runs; `claimedAt` identifies the claim when it completes or is released. */
  | { kind: "claimed"; claimedAt: Date }
  | { kind: "in-progress" }
  | { kind: "completed"; requestHash: string; status: number; body: unknown };

const sqlTime = (at: Date) => at.toISOString();

/**
 * Claims a key for a request about to run, in one statement so two concurrent requests with one key
 * never both run: a new key, an expired one, or an abandoned claim is taken; otherwise the stored
 * outcome (or "in progress") is returned.
 */
export async function claimIdempotencyKey({ ownerId, key }: KeyScope, now = new Date()): Promise<Claim> {
  const expiresAt = new Date(now.getTime() + IDEMPOTENCY_KEY_TTL_MS);
  const abandonedBefore = new Date(now.getTime() - ABANDONED_CLAIM_MS);
  // A claim released between our insert and our read leaves nothing to read: try again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const claimed = await db.$queryRaw<{ created_at: Date }[]>`
      INSERT INTO idempotency_keys (api_key_id, key, request_hash, created_at, expires_at)
      VALUES (${ownerId}, ${key}, '', ${sqlTime(now)}::timestamp(3), ${sqlTime(expiresAt)}::timestamp(3))
      ON CONFLICT (api_key_id, key) DO UPDATE
        SET request_hash = '', status = NULL, response_body = NULL,
            created_at = excluded.created_at, expires_at = excluded.expires_at
        WHERE idempotency_keys.expires_at <= excluded.created_at
           OR (idempotency_keys.status IS NULL AND idempotency_keys.created_at < ${sqlTime(abandonedBefore)}::timestamp(3))
      RETURNING created_at`;
    if (claimed.length > 0) return { kind: "claimed", claimedAt: now };
    const stored = await db.idempotencyKey.findUnique({
      where: { apiKeyId_key: { apiKeyId: ownerId, key } },
    });
    if (!stored) continue;
    if (stored.status === null) return { kind: "in-progress" };
    return {
      kind: "completed",
      requestHash: stored.requestHash,
      status: stored.status,
      body: stored.responseBody,
    };
  }
  return { kind: "in-progress" };
}

const ownClaim = ({ ownerId, key }: KeyScope, claimedAt: Date) => ({
  apiKeyId: ownerId,
  key,
  status: null,
  createdAt: claimedAt,
});

/** Stores the outcome of a claimed request, to be answered again for the same key and request. */
export async function completeIdempotencyKey(
  scope: KeyScope,
  claimedAt: Date,
  outcome: { requestHash: string; status: number; body: NonNullable<unknown> },
): Promise<void> {
  await db.idempotencyKey.updateMany({
    where: ownClaim(scope, claimedAt),
    data: {
      requestHash: outcome.requestHash,
      status: outcome.status,
      responseBody: outcome.body as Prisma.InputJsonValue,
    },
  });
}

/** Forgets a claim whose request failed, so the same key can be sent again (and run). */
export async function releaseIdempotencyKey(scope: KeyScope, claimedAt: Date): Promise<void> {
  await db.idempotencyKey.deleteMany({ where: ownClaim(scope, claimedAt) });
}

/** Housekeeping: how many keys have expired, and a sweep deleting up to `batch` of them. */
export function expiredIdempotencyKeySweep(now: Date, batch: number) {
  return {
    count: () => db.idempotencyKey.count({ where: { expiresAt: { lt: now } } }),
    sweep: () =>
      db.$executeRaw`
        DELETE FROM idempotency_keys WHERE ctid IN (
          SELECT ctid FROM idempotency_keys WHERE expires_at < ${sqlTime(now)}::timestamp(3) LIMIT ${batch})`,
  };
}
