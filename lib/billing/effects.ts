import type { Tenant } from "@/lib/generated/prisma/client";
import { queueEmailJobs, recordEmails } from "@/lib/notifications/queue-email";
import type { QueueEmailInput } from "@/lib/notifications/schemas";
import { raiseNotification, type NewNotification } from "@/lib/in-app/raise-notification";

/**
 * What a billing change tells people, collected inside its transaction and delivered after the
 * commit (a rolled-back change must not have emailed anyone). Every item carries a dedupe key, so
 * delivering twice after a crash sends each once.
 */
export class Effects {
  readonly emails: QueueEmailInput[] = [];
  readonly notifications: NewNotification[] = [];

  emailTenant(tenant: Pick<Tenant, "contactEmailEncrypted" | "contactEmailDigest">, email: Omit<QueueEmailInput, "to">): void {
    this.emails.push({ ...email, to: { encrypted: tenant.contactEmailEncrypted, digest: tenant.contactEmailDigest } });
  }

  notifyOwners(notification: NewNotification): void {
    this.notifications.push(notification);
  }

  /**
   * Records the emails, then queues them (Redis) while `alongside` runs (e.g. a sweep's timeline
   * write to Postgres), so the two stores work at the same time.
   */
  async deliver(alongside?: () => Promise<void>): Promise<void> {
    const { toQueue } = await recordEmails(this.emails);
    await Promise.all([queueEmailJobs(toQueue), alongside?.()]);
    for (const notification of this.notifications) await raiseNotification(notification);
  }
}
