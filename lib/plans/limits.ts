import { z } from "zod";

/** The limits every plan names; owners may add custom numeric ones (lowercase keys). */
export const STANDARD_LIMITS = [
  { key: "requests_per_minute", label: "Requests per minute" },
  { key: "requests_per_hour", label: "Requests per hour" },
  { key: "requests_per_day", label: "Requests per day" },
  { key: "seats", label: "Seats" },
  { key: "storage_mb", label: "Storage (MB)" },
  { key: "api_keys", label: "API keys" },
] as const;

export const limitKeySchema = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, "Lowercase letters, digits and underscores, starting with a letter");

/** A plan's limits by key; a key left out is unlimited. */
export const limitsSchema = z.record(limitKeySchema, z.number().int().min(0).max(2_000_000_000));
export type Limits = z.infer<typeof limitsSchema>;

/** Reads a version's stored limits (JSON written through limitsSchema). */
export function storedLimits(json: unknown): Limits {
  return limitsSchema.catch({}).parse(json);
}
