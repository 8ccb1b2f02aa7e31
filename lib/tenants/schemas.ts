import { z } from "zod";
import { Plan, TenantStatus } from "@/lib/generated/prisma/enums";

export const planValues = Object.values(Plan);
export const tenantStatusValues = Object.values(TenantStatus);

// Building a formatter costs ~80 µs, which an import of 10,000 lines pays on every line; valid zones
// are remembered (a few hundred, or their spellings in other letter cases, up to a cap).
const knownTimeZones = new Set<string>();
const MAX_REMEMBERED_ZONES = 2_000;

function isTimeZone(value: string): boolean {
  if (knownTimeZones.has(value)) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: value });
    if (knownTimeZones.size < MAX_REMEMBERED_ZONES) knownTimeZones.add(value);
    return true;
  } catch {
    return false;
  }
}

export const tenantFieldsSchema = z.object({
  name: z
    .string()
    .trim()
    .min(2, "Name needs at least 2 characters")
    .max(120, "Name is at most 120 characters"),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "Use lowercase letters, digits and single dashes")
    .min(2, "Slug needs at least 2 characters")
    .max(63, "Slug is at most 63 characters"),
  plan: z.enum(Plan, { error: "Choose a plan" }),
  contactEmail: z.string().trim().toLowerCase().email("Enter a valid email address").max(254),
  timezone: z
    .string()
    .trim()
    .refine(isTimeZone, "Unknown time zone (use an IANA name such as Europe/Berlin)"),
});

export const createTenantSchema = tenantFieldsSchema.extend({
  status: z.enum([TenantStatus.trialing, TenantStatus.active]).default(TenantStatus.trialing),
});

export const updateTenantSchema = tenantFieldsSchema.extend({ id: z.string().min(1) });

export const changeTenantStatusSchema = z.object({
  id: z.string().min(1),
  reason: z
    .string()
    .trim()
    .min(3, "Give a reason of at least 3 characters")
    .max(500, "Keep the reason under 500 characters"),
});

export const tenantSortValues = ["name", "createdAt", "status", "plan"] as const;

/** Query of the tenants table and of `GET /api/v1/tenants`. */
export const listTenantsSchema = z.object({
  page: z.coerce
    .number()
    .int("page must be a whole number")
    .min(1, "page starts at 1")
    .max(100_000)
    .default(1),
  pageSize: z.coerce
    .number()
    .int("pageSize must be a whole number")
    .min(1)
    .max(200, "pageSize is at most 200")
    .default(25),
  q: z.string().trim().max(200, "Search text is at most 200 characters").optional(),
  status: z
    .enum(TenantStatus, { error: `status must be one of ${tenantStatusValues.join(", ")}` })
    .optional(),
  plan: z.enum(Plan, { error: `plan must be one of ${planValues.join(", ")}` }).optional(),
  sort: z
    .enum(tenantSortValues, { error: `sort must be one of ${tenantSortValues.join(", ")}` })
    .default("createdAt"),
  dir: z.enum(["asc", "desc"], { error: "dir must be asc or desc" }).default("desc"),
});

export type ListTenantsQuery = z.output<typeof listTenantsSchema>;
