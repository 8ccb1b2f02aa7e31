import { z } from "zod";
import { DocumentType } from "@/lib/generated/prisma/enums";
import { trustedProxiesSchema } from "@/lib/auth/trusted-proxies";

/** "7,1": whole numbers, comma-separated, strictly decreasing (the order they happen in before an end). */
function offsetList(unit: string, count: { min: number; max: number }, decreasing: boolean) {
  return z.preprocess(
    (value) => (typeof value === "string" ? value.split(",").map((part) => Number(part.trim())) : value),
    z
      .array(
        z
          .number()
          .int(`each ${unit} offset must be a whole number`)
          .min(1, `each ${unit} offset is at least 1`)
          .max(90, `each ${unit} offset is at most 90`),
      )
      .min(count.min)
      .max(count.max)
      .refine(
        (list) => list.every((n, i) => i === 0 || (decreasing ? n < list[i - 1] : n > list[i - 1])),
        `${unit} offsets must be ${decreasing ? "decreasing" : "increasing"}, e.g. ${decreasing ? "7,1" : "1,3,7"}`,
      ),
  );
}

const dayOffsets = offsetList("day", { min: 2, max: 2 }, true);
const hourOffsets = offsetList("hour", { min: 1, max: 10 }, false);

/** An optional setting; left empty (as in .env.example) it is unset. */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === "" ? undefined : value), schema.optional());
const httpUrl = (name: string) => optional(z.string().url({ message: `${name} must be an http(s) URL` }));

/**
 * Where alerts go beyond the bell. Read on every use (not cached with the rest), so a channel set
 * up or removed takes effect at once, and tests can point each one at a local provider.
 */
const alertProvidersSchema = z.object({
  TWILIO_ACCOUNT_SID: optional(z.string()),
  TWILIO_AUTH_TOKEN: optional(z.string()),
  /** The sending number in E.164 form, e.g. +15005550006. */
  TWILIO_FROM_NUMBER: optional(z.string().regex(/^\+[1-9]\d{6,14}$/, "TWILIO_FROM_NUMBER must be E.164")),
  /** Another base for Twilio's REST API (the development SMS catcher); https://api.twilio.com by default. */
  TWILIO_API_URL: httpUrl("TWILIO_API_URL"),
  /** The integration key of a PagerDuty service's Events API v2 integration. */
  PAGERDUTY_ROUTING_KEY: optional(z.string()),
  PAGERDUTY_EVENTS_URL: z.string().url().default("https://events.pagerduty.com/v2/enqueue"),
  /** The secret of the PagerDuty v3 webhook subscription that reports acknowledgements back. */
  PAGERDUTY_WEBHOOK_SECRET: optional(z.string()),
  SLACK_WEBHOOK_URL: httpUrl("SLACK_WEBHOOK_URL"),
  TEAMS_WEBHOOK_URL: httpUrl("TEAMS_WEBHOOK_URL"),
  DISCORD_WEBHOOK_URL: httpUrl("DISCORD_WEBHOOK_URL"),
  /** An urgent alert nobody acknowledged goes to the next person on call after this many minutes. */
  ALERT_ESCALATION_MINUTES: z.coerce.number().int().min(1).max(1_440).default(10),
  /** Alerts one person gets per hour on their own channels; the rest wait for the digest (urgent ones still go through). */
  ALERT_CAP_PER_HOUR: z.coerce.number().int().min(1).max(1_000).default(10),
});

export type AlertProviders = z.output<typeof alertProvidersSchema>;

/** The alert channels' settings, read fresh from the environment (see alertProvidersSchema). */
export function alertProviders(): AlertProviders {
  const parsed = alertProvidersSchema.safeParse(process.env);
  if (!parsed.success)
    throw new Error(`Alert channels are not configured correctly: ${parsed.error.message}`);
  return parsed.data;
}

/**
 * Every setting Steward reads from the environment, validated once on first use.
 * Parsed lazily so that `next build` and unit tests can load modules without a full environment.
 */
const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.string().url({ message: "DATABASE_URL must be a postgresql:// URL" }),
    REDIS_URL: z.string().url({ message: "REDIS_URL must be a redis:// URL" }),
    /** 32 bytes, base64: the AES-256-GCM key for PII at rest (tenant contact emails). */
    STEWARD_ENCRYPTION_KEY: z
      .string()
      .refine(
        (v) => Buffer.from(v, "base64").length === 32,
        "STEWARD_ENCRYPTION_KEY must be 32 bytes encoded as base64",
      ),
    /**
     * A Redis Cluster's seed nodes, `host:port,host:port,…`: when set, every connection (decisions,
     * rules cache, bans, statistics, every queue) goes to the cluster and REDIS_URL is not used.
     */
    REDIS_CLUSTER_NODES: z
      .string()
      .optional()
      .transform((value, context) => {
        const nodes = (value ?? "")
          .split(",")
          .map((part) => part.trim())
          .filter(Boolean)
          .map((node) => {
            const [, host, port] = node.match(/^(.+):(\d{1,5})$/) ?? [];
            return { host, port: Number(port) };
          });
        if (nodes.some((node) => !node.host || !(node.port > 0 && node.port < 65_536)))
          context.addIssue({
            code: "custom",
            message: "REDIS_CLUSTER_NODES is a list of host:port, comma-separated",
          });
        return nodes.length > 0 ? nodes : null;
      }),
    /** Reverse proxies whose X-Forwarded-For is believed (addresses or CIDR ranges); none by default. */
    TRUSTED_PROXIES: trustedProxiesSchema,
    /** Prefix of every BullMQ key, so several Steward installs (or test files) can share one Redis. */
    STEWARD_QUEUE_PREFIX: z.string().min(1).default("steward"),
    /** What a rate-limit check answers when Redis cannot: let traffic through (open) or deny it (closed). */
    RATE_LIMIT_FAILURE_MODE: z.enum(["open", "closed"]).default("open"),
    /**
     * How long a rate-limit check waits for Redis before applying the failure mode. It is there for
     * a Redis that is down or frozen, not one that is busy: at 40 ms a flood on a loaded host turned
     * decisions into failure-mode answers (bench/ratelimit.ts, 200 connections); 150 ms stays below
     * a gateway's own deadline (Envoy's example: 250 ms).
     */
    RATE_LIMIT_REDIS_TIMEOUT_MS: z.coerce.number().int().min(5).max(5_000).default(150),
    /**
     * How long the web app waits for any one Redis command before giving up (a frozen Redis keeps
     * the connection open and never answers): pages then say "Redis is not answering", and queued
     * work waits in the job outbox.
     */
    REDIS_COMMAND_TIMEOUT_MS: z.coerce.number().int().min(50).max(30_000).default(1_000),
    /** Port of the decision server (`npm run ratelimit:serve`). */
    RATE_LIMIT_PORT: z.coerce.number().int().min(1).max(65_535).default(3001),
    /** Tenant statuses the rate-limit decision refuses outright (403 with the status as reason); empty: none. */
    GATEWAY_DENIED_STATUSES: z
      .preprocess(
        (value) =>
          typeof value === "string"
            ? value
                .split(",")
                .map((part) => part.trim())
                .filter(Boolean)
            : value,
        z.array(
          z.enum(["trialing", "past_due", "suspended", "cancelled"], {
            error: "each denied status is one of trialing, past_due, suspended, cancelled",
          }),
        ),
      )
      .default(["suspended", "cancelled"]),
    /** What the rate-limit decision answers for a tenant slug nobody has: deny (403 unknown_tenant) or allow (uncounted). */
    GATEWAY_UNKNOWN_TENANT: z
      .enum(["deny", "allow"], { error: "GATEWAY_UNKNOWN_TENANT must be deny or allow" })
      .default("deny"),
    /** Days before a trial's end of its two reminder emails ("ends in 7 days", "ends tomorrow"). */
    TRIAL_REMINDER_DAYS: dayOffsets.default([7, 1]),
    /** Local hour (tenant's time zone) from which reminders go out on their day. */
    TRIAL_REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(9),
    /** Hours after a failed payment at which dunning retries it; after the last one the tenant is suspended. */
    DUNNING_RETRY_HOURS: hourOffsets.default([1, 3, 7]),
    /** The platform's billing endpoint that dunning asks to retry a charge; retries wait while unset. */
    BILLING_WEBHOOK_URL: z.string().url({ message: "BILLING_WEBHOOK_URL must be an http(s) URL" }).optional(),
    /** Shared secret that signs the requests to BILLING_WEBHOOK_URL (HMAC-SHA256). */
    BILLING_WEBHOOK_SECRET: z
      .string()
      .min(16, "BILLING_WEBHOOK_SECRET must be at least 16 characters")
      .optional(),
    /** POST /api/v1/billing/events must carry a valid signature made with this secret. */
    BILLING_EVENTS_SECRET: z
      .string()
      .min(16, "BILLING_EVENTS_SECRET must be at least 16 characters")
      .optional(),
    /** Accept unsigned billing events when no BILLING_EVENTS_SECRET is set (off: they are refused). */
    BILLING_EVENTS_UNSIGNED: z
      .enum(["true", "false"], { error: "BILLING_EVENTS_UNSIGNED must be true or false" })
      .default("false")
      .transform((value) => value === "true"),
    /** How long a retry waits for the billing endpoint before it counts as unanswered. */
    BILLING_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** How often the worker runs anomaly detection. */
    ANOMALY_DETECTION_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(1_440).default(15),
    /** A bucket is scored this long after it closes, so a report sent just after the hour still counts. */
    ANOMALY_SETTLE_MINUTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(24 * 60)
      .default(10),
    /** Unscored buckets older than this are history, not news: a first pass or a long outage does not alert on them. */
    ANOMALY_LOOKBACK_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 14)
      .default(48),
    /** Storm protection: at most one alert per tenant × metric within this many minutes. */
    ANOMALY_ALERT_COOLDOWN_MINUTES: z.coerce
      .number()
      .int()
      .min(0)
      .max(7 * 1_440)
      .default(360),
    /** When more critical anomalies than this fire in one pass, owners get one digest instead of one alert each. */
    ANOMALY_DIGEST_THRESHOLD: z.coerce.number().int().min(1).max(1_000).default(5),
    /** Decision engine of the review queue: deterministic rules, or Claude (needs ANTHROPIC_API_KEY). Default: ai when the key is set. */
    REVIEW_ENGINE: z.enum(["rules", "ai"]).optional(),
    ANTHROPIC_API_KEY: z.string().min(1).optional(),
    ANTHROPIC_MODEL: z.string().min(1).default("claude-sonnet-4-5"),
    /** Another Messages API endpoint (a proxy or gateway); the SDK's default otherwise. */
    ANTHROPIC_BASE_URL: z.string().url({ message: "ANTHROPIC_BASE_URL must be an http(s) URL" }).optional(),
    /** How long one AI call may take before it counts as a failure and rules decide. */
    REVIEW_AI_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(20_000),
    /** Consecutive AI failures (errors, timeouts, invalid answers) that open the circuit … */
    REVIEW_AI_BREAKER_FAILURES: z.coerce.number().int().min(1).max(100).default(3),
    /** … and how long rules decide alone before the AI is tried again. */
    REVIEW_AI_BREAKER_COOLDOWN_SECONDS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 3600)
      .default(300),
    /** A reviewer's claim on an open item lapses after this long without activity. */
    REVIEW_CLAIM_MINUTES: z.coerce.number().int().min(1).max(240).default(10),
    /** Where uploaded tenant documents are stored (created when missing); `npm run dev` puts it under its data dir. */
    STEWARD_DOCUMENTS_DIR: z.string().min(1).default(".data/documents"),
    /** The largest document file accepted, in bytes. */
    DOCUMENT_MAX_BYTES: z.coerce
      .number()
      .int()
      .min(1_024)
      .max(100 * 1_048_576)
      .default(10 * 1_048_576),
    /** Days before a document's expiry at which its tenant's contact and the owners are warned. */
    DOCUMENT_WARNING_DAYS: offsetList("day", { min: 1, max: 10 }, true).default([30, 14, 7]),
    /** Document types every active or past-due tenant must have; one of these is always required, and one missing is listed under Documents. */
    DOCUMENT_REQUIRED_TYPES: z
      .preprocess(
        (value) =>
          typeof value === "string"
            ? value
                .split(",")
                .map((part) => part.trim())
                .filter(Boolean)
            : value,
        z.array(
          z
            .enum(DocumentType, {
              error: `each required document type is one of ${Object.values(DocumentType)
                .filter((t) => t !== "custom")
                .join(", ")}`,
            })
            .refine((t) => t !== "custom", "a custom type cannot be required of every tenant"),
        ),
      )
      .default(["contract", "dpa"]),
    /** An API key not used for this many days is flagged (a key never used counts from its creation) … */
    API_KEY_UNUSED_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
    /** … and so is one older than this, whether used or not: it is due for rotation. */
    API_KEY_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(3_650).default(90),
    /** Owners must set up two-factor sign-in (TOTP) before they can use anything else. */
    REQUIRE_2FA: z
      .enum(["true", "false"], { error: "REQUIRE_2FA must be true or false" })
      .default("false")
      .transform((v) => v === "true"),
    /** Webhook deliveries may go to private, loopback and link-local addresses (development and tests only). */
    WEBHOOK_ALLOW_PRIVATE_TARGETS: z
      .enum(["true", "false"], { error: "WEBHOOK_ALLOW_PRIVATE_TARGETS must be true or false" })
      .default("false")
      .transform((v) => v === "true"),
    /** How long a webhook delivery waits for the receiver's answer. */
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
    /** Seconds between a failed delivery's attempts (jittered ±20%); about 3 days in all by default. */
    WEBHOOK_RETRY_DELAYS: z
      .preprocess(
        (value) => (typeof value === "string" ? value.split(",").map((part) => Number(part.trim())) : value),
        z
          .array(
            z
              .number()
              .int("each delay is whole seconds")
              .min(1)
              .max(7 * 86_400),
          )
          .min(1)
          .max(30),
      )
      .default([5, 60, 300, 1_800, 7_200, 18_000, 36_000, 50_400, 72_000, 72_000]),
    /** An endpoint failing without a single success for this long is disabled and owners are told. */
    WEBHOOK_DISABLE_AFTER_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(30 * 24)
      .default(72),
    /** Requests in flight to one endpoint at once, so a slow receiver holds only a few of the worker's slots. */
    WEBHOOK_ENDPOINT_CONCURRENCY: z.coerce.number().int().min(1).max(100).default(16),
    /** Days events are kept for "replay since" and the delivery log. */
    WEBHOOK_EVENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
    /** A tenant at its limits on this many of the last 30 days is recommended an upgrade. */
    USAGE_UPGRADE_LIMIT_DAYS: z.coerce.number().int().min(1).max(30).default(5),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .extend(alertProvidersSchema.shape)
  .refine((e) => e.REVIEW_ENGINE !== "ai" || e.ANTHROPIC_API_KEY, {
    message: "REVIEW_ENGINE=ai needs ANTHROPIC_API_KEY",
    path: ["REVIEW_ENGINE"],
  });

export type Env = z.infer<typeof envSchema>;

/** Which decision engine the review queue uses. */
export function reviewEngineMode(settings: Env = env()): "rules" | "ai" {
  return settings.REVIEW_ENGINE ?? (settings.ANTHROPIC_API_KEY ? "ai" : "rules");
}

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
