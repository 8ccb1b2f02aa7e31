import type { Tx } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { AppError, type FieldErrors } from "@/lib/errors";
import type { Tenant } from "@/lib/generated/prisma/client";
import type { Plan, TenantStatus } from "@/lib/generated/prisma/enums";
import { fieldErrorsOf, safeParseInput } from "@/lib/validation";
import { tenantCreateSchema } from "./sync-schemas";
import { applyTenantSync } from "./sync-tenants";

/** How a machine report names its tenant, and what it knows of a tenant Steward may not have yet. */
export type ReportedTenant = {
  /** The slug */
  tenant?: string;
  external_id?: string;
  name?: string;
  contact_email?: string;
  plan?: Plan;
  timezone?: string;
};

const NEEDED_TO_CREATE = ["external_id", "name", "contact_email"] as const;

/** Field errors keyed as the report names them: `data.name`; the slug is the report's `tenant`. */
function prefixed(fields: FieldErrors, prefix: string): FieldErrors {
  return Object.fromEntries(
    Object.entries(fields).map(([field, messages]) => [
      `${prefix}${field === "slug" ? "tenant" : field}`,
      messages,
    ]),
  );
}

/**
 * The tenant a report is about, inside the report's transaction: by external id first, then by slug.
 * An unknown tenant is created (audited, with its tenant.created event, in the same transaction) when
 * the report carries its external_id, name and contact_email; otherwise a 422 names what is missing.
 */
export async function findOrCreateTenantIn(
  tx: Tx,
  actor: Actor,
  reported: ReportedTenant,
  options: { status: Extract<TenantStatus, "trialing" | "active">; fieldPrefix: string },
): Promise<Tenant> {
  const known =
    (reported.external_id && (await tx.tenant.findUnique({ where: { externalId: reported.external_id } }))) ||
    (reported.tenant && (await tx.tenant.findUnique({ where: { slug: reported.tenant } })));
  if (known) return known;
  const missing = NEEDED_TO_CREATE.filter((field) => reported[field] === undefined);
  const named = reported.external_id ? `external_id '${reported.external_id}'` : `slug '${reported.tenant}'`;
  if (missing.length > 0)
    throw new AppError(
      "UNPROCESSABLE",
      `No tenant with ${named}. To create it, send ${NEEDED_TO_CREATE.map((f) => options.fieldPrefix + f).join(", ")}.`,
      prefixed(
        Object.fromEntries(
          missing.map((field) => [
            field,
            [`${field} is required to create a tenant Steward does not know yet`],
          ]),
        ),
        options.fieldPrefix,
      ),
    );
  const parsed = safeParseInput(tenantCreateSchema, {
    external_id: reported.external_id,
    name: reported.name,
    slug: reported.tenant,
    plan: reported.plan ?? "free",
    contact_email: reported.contact_email,
    timezone: reported.timezone,
    status: options.status,
  });
  if (!parsed.success)
    throw new AppError(
      "VALIDATION",
      "Some fields are invalid.",
      prefixed(fieldErrorsOf(parsed.error), options.fieldPrefix),
    );
  const [outcome] = await applyTenantSync(tx, actor, [parsed.data], "create");
  if (outcome.status === "error")
    throw new AppError(
      outcome.error.code,
      outcome.error.message,
      prefixed(outcome.error.fields ?? {}, options.fieldPrefix),
    );
  return outcome.tenant;
}
