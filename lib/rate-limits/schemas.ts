import { z } from "zod";
import { formatIp, parseCidr, parseIp, type ParsedIp } from "./ip-rules";

/** A client address, kept both parsed (for list matching) and canonical (one Redis key per address however it is written). */
export type ClientIp = { parsed: ParsedIp; canonical: string };

const clientIp = z
  .string({ error: "ip is required" })
  .trim()
  .transform((text, ctx): ClientIp => {
    const parsed = parseIp(text);
    if (!parsed) {
      ctx.addIssue({ code: "custom", message: `'${text.slice(0, 60)}' is not an IPv4 or IPv6 address` });
      return z.NEVER;
    }
    return { parsed, canonical: formatIp(parsed) };
  });

const slug = z
  .string({ error: "tenant is required" })
  .trim()
  .toLowerCase()
  .min(1, "tenant is required")
  .max(63, "tenant is a slug of at most 63 characters");

/** Input of a decision: POST /api/v1/ratelimit/check, its GET /auth variant, and `checkRateLimit`. */
export const rateLimitCheckSchema = z.object({
  tenant: slug,
  ip: clientIp,
  // A number, or one written as text (the auth variant reads it from a header); never a boolean.
  cost: z
    .preprocess(
      (v) => (typeof v === "string" && v.trim() !== "" ? Number(v) : v),
      z
        .number({ error: "cost must be a number" })
        .int("cost must be a whole number")
        .min(1, "cost is at least 1")
        .max(1_000_000, "cost is at most 1,000,000"),
    )
    .default(1),
});

/** A checkbox as a form sends it ("on" or absent) or JSON does (a boolean). */
const checkbox = z.preprocess((v) => v === true || v === "on" || v === "true", z.boolean());

/** An optional limit from a form: empty means "no limit". */
const optionalCount = (what: string, max: number) =>
  z.preprocess(
    (v) => (v === "" || v === undefined || v === null ? null : v),
    z.coerce
      .number({ error: `${what} must be a number` })
      .int(`${what} must be a whole number`)
      .min(1, `${what} is at least 1`)
      .max(max, `${what} is at most ${max.toLocaleString("en")}`)
      .nullable(),
  );

const seconds = (what: string, max: number) =>
  z.coerce
    .number({ error: `${what} must be a number of seconds` })
    .int(`${what} must be whole seconds`)
    .min(1, `${what} is at least 1 second`)
    .max(max, `${what} is at most ${max.toLocaleString("en")} seconds`);

const policyFields = {
  enabled: checkbox,
  shadow: checkbox,
  perMinute: optionalCount("Per minute", 10_000_000),
  perHour: optionalCount("Per hour", 100_000_000),
  perDay: optionalCount("Per day", 1_000_000_000),
  banAfterViolations: optionalCount("Violations before a ban", 1_000_000),
  banWindowSeconds: seconds("Violation window", 7 * 24 * 3600),
  banDurationSeconds: seconds("Ban duration", 365 * 24 * 3600),
};

export const updateGlobalPolicySchema = z.object(policyFields);

export const updateTenantPolicySchema = z.object({
  tenantId: z.string().min(1),
  ...policyFields,
  overrideLimits: checkbox,
  overrideAutoBan: checkbox,
});

const cidr = z
  .string({ error: "Enter an address or CIDR range" })
  .trim()
  .min(1, "Enter an address or CIDR range")
  .transform((text, ctx) => {
    const parsed = parseCidr(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }
    return parsed.value.canonical;
  });

const note = z
  .string()
  .trim()
  .max(200, "Keep the note under 200 characters")
  .optional()
  .transform((v) => v || null);

export const addIpListEntrySchema = z.object({
  tenantId: z.string().min(1),
  list: z.enum(["allow", "deny"], { error: "Choose the allowlist or the denylist" }),
  cidr,
  note,
});

export const removeIpListEntrySchema = z.object({ tenantId: z.string().min(1), id: z.string().min(1) });

const singleIp = clientIp.transform((ip) => ip.canonical);

export const banIpSchema = z.object({
  tenantId: z.string().min(1),
  ip: singleIp,
  reason: z
    .string()
    .trim()
    .min(3, "Give a reason of at least 3 characters")
    .max(500, "Keep the reason under 500 characters"),
  /** Empty: until lifted. */
  durationMinutes: optionalCount("Duration", 525_600),
});

export const liftBanSchema = z.object({ tenantId: z.string().min(1), id: z.string().min(1) });

export const counterLookupSchema = z.object({ tenantId: z.string().min(1), ip: singleIp });

/** Steward's limits on its own API (requests a minute per API key) and sign-in (attempts a minute per address). */
export const ownRateLimitsSchema = z.object({
  apiPerMinute: z.coerce
    .number({ error: "A whole number of requests" })
    .int("A whole number of requests")
    .min(10, "At least 10 requests a minute")
    .max(100_000, "At most 100,000 requests a minute"),
  signInPerMinute: z.coerce
    .number({ error: "A whole number of attempts" })
    .int("A whole number of attempts")
    .min(3, "At least 3 attempts a minute")
    .max(1_000, "At most 1,000 attempts a minute"),
});
export type OwnRateLimitsInput = z.infer<typeof ownRateLimitsSchema>;
