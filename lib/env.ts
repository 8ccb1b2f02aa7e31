import { z } from "zod";

/**
 * Every setting Steward reads from the environment, validated once on first use.
 * Parsed lazily so that `next build` and unit tests can load modules without a full environment.
 */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgresql:// URL" }),
  REDIS_URL: z.string().url({ message: "REDIS_URL must be a redis:// URL" }),
  /** 32 bytes, base64: the AES-256-GCM key for PII at rest (tenant contact emails). */
  STEWARD_ENCRYPTION_KEY: z
    .string()
    .refine((v) => Buffer.from(v, "base64").length === 32, "STEWARD_ENCRYPTION_KEY must be 32 bytes encoded as base64"),
  /** Prefix of every BullMQ key, so several Steward installs (or test files) can share one Redis. */
  STEWARD_QUEUE_PREFIX: z.string().min(1).default("steward"),
  /** What a rate-limit check answers when Redis cannot: let traffic through (open) or deny it (closed). */
  RATE_LIMIT_FAILURE_MODE: z.enum(["open", "closed"]).default("open"),
  /** How long a rate-limit check waits for Redis before applying the failure mode. */
  RATE_LIMIT_REDIS_TIMEOUT_MS: z.coerce.number().int().min(5).max(5_000).default(40),
  /** Port of the decision server (`npm run ratelimit:serve`). */
  RATE_LIMIT_PORT: z.coerce.number().int().min(1).max(65_535).default(3001),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Env = z.infer<typeof envSchema>;

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = envSchema.safeParse(process.env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new Error(`Steward is not configured correctly:\n${problems}\nSee .env.example for every setting.`);
  }
  cached = parsed.data;
  return cached;
}
