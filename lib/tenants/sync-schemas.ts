// What the platform sends to create, upsert, patch and import tenants, in the API's wire names
// (snake_case). Each field reuses the owner form's rules (tenantFieldsSchema) behind a type check
// that names the field, so a missing or mistyped field gets a message an integrator can act on.
import { z } from "zod";
import { Plan, TenantStatus } from "@/lib/generated/prisma/enums";
import { AppError } from "@/lib/errors";
import { planValues, tenantFieldsSchema } from "./schemas";

const text = (field: string) =>
  z.string({
    error: (issue) => (issue.input === undefined ? `${field} is required` : `${field} must be a string`),
  });

const { name, slug, contactEmail, timezone } = tenantFieldsSchema.shape;

/** The platform's own id of a tenant: any text without spaces or control characters. */
export const externalIdSchema = text("external_id")
  .trim()
  .min(1, "external_id is required")
  .max(200, "external_id is at most 200 characters")
  .regex(/^[^\s\p{Cc}]+$/u, "external_id cannot contain spaces or control characters");

/** The tenant fields in wire names, for other reports that carry a tenant (billing events). */
export const tenantWireFields = {
  name: text("name").pipe(name),
  slug: text("slug").pipe(slug),
  plan: z.enum(Plan, { error: `plan must be one of ${planValues.join(", ")}` }),
  contact_email: text("contact_email").pipe(contactEmail),
  timezone: text("timezone").pipe(timezone),
};

const initialStatus = z.enum([TenantStatus.trialing, TenantStatus.active], {
  error: "status must be trialing or active (the status a new tenant starts in)",
});

/**
 * One tenant as the platform knows it (upsert and import): `slug` is derived from the name when
 * omitted, `timezone` defaults to UTC, and `status` is only the status a new tenant starts in
 * (an existing tenant's status changes through PATCH, with a reason).
 */
export const tenantSyncSchema = z.strictObject({
  external_id: externalIdSchema,
  name: tenantWireFields.name,
  slug: tenantWireFields.slug.optional(),
  plan: tenantWireFields.plan,
  contact_email: tenantWireFields.contact_email,
  timezone: tenantWireFields.timezone.optional(),
  status: initialStatus.optional(),
});

/** `POST /api/v1/tenants`: the same fields, `external_id` optional. */
export const tenantCreateSchema = tenantSyncSchema.extend({ external_id: externalIdSchema.optional() });

export type TenantSyncInput = z.output<typeof tenantCreateSchema>;

/** The status changes PATCH accepts; `active` reactivates a suspended tenant (to what it was before). */
export const patchStatusValues = [
  TenantStatus.suspended,
  TenantStatus.cancelled,
  TenantStatus.active,
] as const;

/**
 * `PATCH /api/v1/tenants/{id}`: any of the fields, or a status change with its reason. A status
 * change is its own request (it is audited and announced as one decision), never mixed with edits.
 */
export const tenantPatchSchema = z
  .strictObject({
    name: tenantWireFields.name.optional(),
    slug: tenantWireFields.slug.optional(),
    plan: tenantWireFields.plan.optional(),
    contact_email: tenantWireFields.contact_email.optional(),
    timezone: tenantWireFields.timezone.optional(),
    external_id: externalIdSchema.nullable().optional(),
    status: z
      .enum(patchStatusValues, {
        error: "status must be suspended, cancelled or active (active reactivates a suspended tenant)",
      })
      .optional(),
    status_reason: text("status_reason")
      .trim()
      .min(3, "Give a status_reason of at least 3 characters")
      .max(500, "Keep status_reason under 500 characters")
      .optional(),
  })
  .superRefine((patch, context) => {
    const edited = Object.keys(patch).filter((key) => key !== "status" && key !== "status_reason");
    if (patch.status === undefined && patch.status_reason !== undefined)
      context.addIssue({
        code: "custom",
        path: ["status_reason"],
        message: "status_reason goes with status",
      });
    if (patch.status !== undefined && patch.status_reason === undefined)
      context.addIssue({
        code: "custom",
        path: ["status_reason"],
        message: "status_reason is required to change status",
      });
    if (patch.status !== undefined && edited.length > 0)
      context.addIssue({
        code: "custom",
        path: ["status"],
        message: `Change status in a request of its own, not with ${edited.join(", ")}`,
      });
    if (Object.keys(patch).length === 0)
      context.addIssue({ code: "custom", path: [], message: "Send at least one field to change" });
  });

export type TenantPatch = z.output<typeof tenantPatchSchema>;

/** A tenant named in a path: its id, external id or slug. */
export const tenantRefSchema = z.object({
  id: z
    .string()
    .trim()
    .min(1, "Name a tenant by id, external id or slug")
    .max(200, "No tenant has so long an id"),
});

/**
 * The body of `PUT /api/v1/tenants/by-external-id/{externalId}`: the path names the tenant, so the
 * body may leave `external_id` out; when it has one, it must be the same.
 */
export function withPathExternalId(body: unknown, externalId: string): unknown {
  if (!body || typeof body !== "object" || Array.isArray(body)) return body;
  const given = (body as { external_id?: unknown }).external_id;
  if (given !== undefined && given !== externalId)
    throw new AppError("VALIDATION", "Some fields are invalid.", {
      external_id: ["external_id in the body must match the one in the path (or be left out)"],
    });
  return { ...body, external_id: externalId };
}
