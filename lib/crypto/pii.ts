import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from "node:crypto";
import { env } from "@/lib/env";

// Stored as "v1.<iv>.<tag>.<ciphertext>" (base64url) so the format can evolve with key rotation.
const VERSION = "v1";

function encryptionKey(): Buffer {
  return Buffer.from(env().STEWARD_ENCRYPTION_KEY, "base64");
}

let derived: { from: string; key: Buffer } | undefined;

/** A separate key for the search digest, derived (once per key) so one secret in the environment is enough. */
function digestKey(): Buffer {
  const from = env().STEWARD_ENCRYPTION_KEY;
  if (derived?.from !== from)
    derived = {
      from,
      key: Buffer.from(hkdfSync("sha256", encryptionKey(), Buffer.alloc(0), "steward:pii-digest", 32)),
    };
  return derived.key;
}

/** Encrypts PII with AES-256-GCM and a fresh 96-bit IV. */
export function encryptPii(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", encryptionKey(), iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(".");
}

/** Decrypts a value from `encryptPii`; throws if it was tampered with or the key is wrong. */
export function decryptPii(stored: string): string {
  const [version, iv, tag, ciphertext] = stored.split(".");
  if (version !== VERSION || !iv || !tag || ciphertext === undefined)
    throw new Error("Unrecognised encrypted value");
  const decipher = createDecipheriv("aes-256-gcm", encryptionKey(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString(
    "utf8",
  );
}

/** Keyed digest of a normalised email: equal emails give equal digests, so exact search works. */
export function emailDigest(email: string): string {
  return createHmac("sha256", digestKey()).update(email.trim().toLowerCase()).digest("base64url");
}
