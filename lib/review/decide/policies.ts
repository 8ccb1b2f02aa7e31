import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ReviewItemKind } from "@/lib/generated/prisma/enums";
import { REVIEW_KINDS } from "@/lib/review/kinds";

export type Policy = { file: string; text: string; hash: string };

const POLICY_DIR = join(process.cwd(), "policies");
const cache = new Map<string, Policy>();

/**
 * The markdown policy of a kind, with the first 12 hex digits of its SHA-256 so every decision says
 * which version of the policy it applied. Read once per process: editing a policy takes a restart.
 */
export function policyFor(kind: ReviewItemKind): Policy {
  const file = REVIEW_KINDS[kind].policyFile;
  let policy = cache.get(file);
  if (!policy) {
    const text = readFileSync(join(POLICY_DIR, file), "utf8");
    policy = { file, text, hash: createHash("sha256").update(text).digest("hex").slice(0, 12) };
    cache.set(file, policy);
  }
  return policy;
}
