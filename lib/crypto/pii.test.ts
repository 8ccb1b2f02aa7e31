import { randomBytes } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { decryptPii, emailDigest, encryptPii } from "./pii";

describe("PII encryption", () => {
  it("round-trips, with a fresh IV every time", () => {
    const a = encryptPii("ops@tenant.example");
    const b = encryptPii("ops@tenant.example");
    expect(a).not.toBe(b);
    expect(a).not.toContain("tenant");
    expect(decryptPii(a)).toBe("ops@tenant.example");
    expect(decryptPii(b)).toBe("ops@tenant.example");
  });

  it("detects tampering", () => {
    const [version, iv, tag, ciphertext] = encryptPii("ops@tenant.example").split(".");
    const flipped = Buffer.from(ciphertext, "base64url");
    flipped[0] ^= 1;
    expect(() => decryptPii([version, iv, tag, flipped.toString("base64url")].join("."))).toThrow();
    expect(() => decryptPii("plain text")).toThrow("Unrecognised encrypted value");
  });

  it("digests equal emails equally regardless of case and spaces, and differently under another key", async () => {
    const digest = emailDigest(" Ops@Tenant.example ");
    expect(digest).toBe(emailDigest("ops@tenant.example"));
    expect(digest).not.toBe(emailDigest("ops2@tenant.example"));
    const original = process.env.STEWARD_ENCRYPTION_KEY;
    process.env.STEWARD_ENCRYPTION_KEY = randomBytes(32).toString("base64");
    vi.resetModules();
    const fresh = await import("./pii");
    expect(fresh.emailDigest("ops@tenant.example")).not.toBe(digest);
    process.env.STEWARD_ENCRYPTION_KEY = original;
  });
});
