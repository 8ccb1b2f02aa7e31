import { createHash, randomBytes } from "node:crypto";

// "stw_<8-char prefix>_<43-char secret>": the prefix identifies the key (and is safe to show and log),
// the secret is 256 random bits and is stored only as a SHA-256 digest.
const KEY_PATTERN = /^stw_([A-Za-z0-9]{8})_([A-Za-z0-9_-]{43})$/;

export function generateApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString("base64url").replace(/[-_]/g, "x").slice(0, 8);
  const key = `stw_${prefix}_${randomBytes(32).toString("base64url")}`;
  return { key, prefix, secretHash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}

/** The prefix of a well-formed key, or null for anything that cannot be a Steward key. */
export function apiKeyPrefix(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}
