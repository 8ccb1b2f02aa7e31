import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { emailDigest, encryptPii } from "@/lib/crypto/pii";
import { createTenantSchema } from "./schemas";
import { assertSlugFree } from "./assert-slug-free";
import { auditSnapshot } from "./tenant-view";
import { recordTenantEvents } from "@/lib/webhooks/record-event";
import { recordSubscriptionChanges, sourceOf } from "@/lib/plans/record-subscription-changes";

export const createTenant = defineAction({
  name: "tenants.create",
  roles: ["OWNER"],
  input: createTenantSchema,
  async run(actor, input) {
    return db.$transaction(async (tx) => {
      await assertSlugFree(tx, input.slug);
      const tenant = await tx.tenant.create({
        data: {
          name: input.name,
          slug: input.slug,
          plan: input.plan,
          status: input.status,
          timezone: input.timezone,
          contactEmailEncrypted: encryptPii(input.contactEmail),
          contactEmailDigest: emailDigest(input.contactEmail),
        },
      });
      await recordSubscriptionChanges(tx, [tenant.id], { source: sourceOf(actor) });
      await recordAudit(tx, actor, {
        action: "tenant.created",
        entityType: "tenant",
        entityId: tenant.id,
        after: auditSnapshot(tenant),
      });
      await recordTenantEvents(tx, [{ tenant, type: "tenant.created" }]);
      return { id: tenant.id };
    });
  },
});
