import { decryptPii } from "@/lib/crypto/pii";
import type { Tenant } from "@/lib/generated/prisma/client";
import { tenantState } from "@/lib/webhooks/resources";

/** A tenant as shown to an owner or an API client: contact email decrypted, ciphertext dropped. */
export type TenantView = Omit<
  Tenant,
  "contactEmailEncrypted" | "contactEmailDigest" | "statusBeforeSuspension"
> & { contactEmail: string };

export function toTenantView(tenant: Tenant): TenantView {
  const {
    contactEmailEncrypted,
    contactEmailDigest: _digest,
    statusBeforeSuspension: _previous,
    ...rest
  } = tenant;
  return { ...rest, contactEmail: decryptPii(contactEmailEncrypted) };
}

/** The audit record of a tenant: no PII, only whether the contact email changed. */
export function auditSnapshot(tenant: Tenant) {
  return {
    name: tenant.name,
    slug: tenant.slug,
    externalId: tenant.externalId,
    plan: tenant.plan,
    status: tenant.status,
    timezone: tenant.timezone,
    statusReason: tenant.statusReason,
    contactEmailDigest: tenant.contactEmailDigest,
  };
}

/** A tenant as the machine API answers it: its event state (snake_case) with the contact email. */
export function toTenantResource(tenant: Tenant) {
  return { ...tenantState(tenant), contact_email: decryptPii(tenant.contactEmailEncrypted) };
}
