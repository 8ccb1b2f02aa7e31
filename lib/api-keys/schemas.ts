import { z } from "zod";
import { apiKeyScopeValues } from "./scopes";

export const createApiKeySchema = z.object({
  name: z.string().trim().min(2, "Name needs at least 2 characters").max(80, "Name is at most 80 characters"),
  scopes: z.array(z.enum(apiKeyScopeValues, { error: "Unknown scope" })).min(1, "Choose at least one scope"),
});

export const revokeApiKeySchema = z.object({ id: z.string().min(1) });

/** How long a rotated key keeps working, in hours, with how the rotate form names it. */
export const ROTATION_GRACE_HOURS = {
  0: "None: it stops at once",
  1: "1 hour",
  24: "24 hours",
  72: "3 days",
  168: "7 days",
} as const;
const graceChoices = Object.keys(ROTATION_GRACE_HOURS) as [string, ...string[]];

export const rotateApiKeySchema = z.object({
  id: z.string().min(1),
  // Through a string, so an empty or missing choice is refused rather than coerced to 0 (revoke now).
  graceHours: z.coerce
    .string()
    .pipe(
      z.enum(graceChoices, { error: "Choose how long the old key keeps working: 0, 1, 24, 72 or 168 hours" }),
    )
    .transform(Number),
});
