import { db } from "@/lib/db";
import { defineAction } from "@/lib/actions/define-action";
import { recordAudit } from "@/lib/audit/record-audit";
import { emailDigest, encryptPii } from "@/lib/crypto/pii";
import { updateTenantSchema } from "./schemas";
import { assertSlugFree } from "./assert-slug-free";
import { getTenantOrThrow } from "./queries";
import { auditSnapshot } from "./tenant-view";
import { recordEvents, recordTenantEvents } from "@/lib/webhooks/record-event";
import { planChangedData } from "@/lib/plans/plan-changed-data";
import { recordSubscriptionChanges, sourceOf } from "@/lib/plans/record-subscription-changes";

export const updateTenant = defineAction({
  name: "tenants.update",
  roles: ["OWNER"],
  input: updateTenantSchema,
  async run(actor, { id, contactEmail, ...fields }) {
    return db.$transaction(async (tx) => {
      const before = await getTenantOrThrow(id, tx);
      await assertSlugFree(tx, fields.slug, id);
      const digest = emailDigest(contactEmail);
      const emailChanged = digest !== before.contactEmailDigest;
      const after = await tx.tenant.update({
        where: { id },
        data: {
          ...fields,
          // Re-encrypt only on change, so an unchanged email keeps its ciphertext.
          ...(emailChanged
            ? { contactEmailEncrypted: encryptPii(contactEmail), contactEmailDigest: digest }
            : {}),
        },
      });
      await recordSubscriptionChanges(tx, [id], { source: sourceOf(actor) });
      await recordAudit(tx, actor, {
        action: "tenant.updated",
        entityType: "tenant",
        entityId: id,
        before: auditSnapshot(before),
        after: auditSnapshot(after),
      });
      if (after.plan !== before.plan)
        await recordEvents(tx, [
          {
            type: "tenant.plan_changed",
            tenantId: id,
            data: await planChangedData(tx, after, before.plan),
          },
        ]);
      else await recordTenantEvents(tx, [{ tenant: after, type: "tenant.updated" }]);
      return { id };
    });
  },
});
