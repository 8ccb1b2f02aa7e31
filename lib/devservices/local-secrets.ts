import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const SECRETS = {
  NEXTAUTH_SECRET: () => randomBytes(32).toString("base64url"),
  STEWARD_ENCRYPTION_KEY: () => randomBytes(32).toString("base64"),
  // Billing events are refused unsigned; the demo billing system and the browser tests sign with it.
  BILLING_EVENTS_SECRET: () => randomBytes(32).toString("base64url"),
} as const;

/**
 * Development secrets generated once into `<dataDir>/secrets.env` (mode 600) and reused, so
 * sessions and encrypted data survive a restart. Values already in the environment win.
 */
export function ensureLocalSecrets(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, "secrets.env");
  const stored: Record<string, string> = existsSync(file)
    ? Object.fromEntries(
        readFileSync(file, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
      )
    : {};
  let changed = false;
  for (const [name, generate] of Object.entries(SECRETS)) {
    if (!stored[name]) {
      stored[name] = generate();
      changed = true;
    }
    process.env[name] ||= stored[name];
  }
  if (changed)
    writeFileSync(
      file,
      Object.entries(stored)
        .map(([k, v]) => `${k}=${v}`)
        .join("\n") + "\n",
      { mode: 0o600 },
    );
}
