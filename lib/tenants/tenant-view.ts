import { decryptPii } from "@/lib/crypto/pii";
import type { Tenant } from "@/lib/generated/prisma/client";

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
    plan: tenant.plan,
    status: tenant.status,
    timezone: tenant.timezone,
    statusReason: tenant.statusReason,
    contactEmailDigest: tenant.contactEmailDigest,
  };
}
