import { db, type Tx } from "@/lib/db";
import type { Tenant } from "@/lib/generated/prisma/client";
import { addToJobOutbox, queueNowOrLater } from "@/lib/jobs/outbox";
import { emailJobOf, recordEmails } from "@/lib/email/queue-email";
import type { QueueEmailInput } from "@/lib/email/schemas";
import { raiseNotification, type NewNotification } from "@/lib/notifications/raise-notification";
import { decisionRequest } from "@/lib/review/intake/raise-items";

/**
 * What a billing change tells people. Emails, and the jobs that send them and decide raised review
 * items, are recorded in the change's own transaction (the jobs in the job outbox), so they exist
 * exactly when the change does; the jobs are queued after the commit, or by the worker's outbox
 * relay once Redis answers. Owner notifications are raised after the commit. Every item carries a
 * dedupe key or job id, so doing it twice sends each once.
 */
export class Effects {
  private readonly emails: QueueEmailInput[] = [];
  private readonly notifications: NewNotification[] = [];
  private outboxIds: string[] = [];
  private reviewItemsRaised = false;

  emailTenant(
    tenant: Pick<Tenant, "contactEmailEncrypted" | "contactEmailDigest">,
    email: Omit<QueueEmailInput, "to">,
  ): void {
    this.emails.push({
      ...email,
      to: { encrypted: tenant.contactEmailEncrypted, digest: tenant.contactEmailDigest },
    });
  }

  notifyOwners(notification: NewNotification): void {
    this.notifications.push(notification);
  }

  /** The change raised review items: the decision engine is asked after the commit. */
  requestReviewDecisions(): void {
    this.reviewItemsRaised = true;
  }

  async record(tx: Pick<Tx, "emailTemplate" | "$queryRaw" | "$executeRaw">): Promise<void> {
    const { toQueue } = await recordEmails(this.emails, tx);
    this.outboxIds = await addToJobOutbox(tx, [
      ...toQueue.map(emailJobOf),
      ...(this.reviewItemsRaised ? [decisionRequest] : []),
    ]);
  }

  /** After the commit: queues the recorded jobs (now, or once Redis answers) and raises the notifications. */
  async deliver(): Promise<void> {
    await queueNowOrLater(this.outboxIds);
    for (const notification of this.notifications) await raiseNotification(notification);
  }
}

/** Commits a billing change in one transaction with its emails recorded in it; the caller delivers them. */
export async function commitWithEffects<T>(
  change: (tx: Tx, effects: Effects) => Promise<T>,
): Promise<{ result: T; effects: Effects }> {
  const effects = new Effects();
  // Concurrent events of one tenant queue on its row, and a busy pool delays the start; Prisma's
  // defaults (2 s to start, 5 s to finish) would turn that wait into a failed delivery.
  const result = await db.$transaction(
    async (tx) => {
      const outcome = await change(tx, effects);
      await effects.record(tx);
      return outcome;
    },
    { maxWait: 10_000, timeout: 30_000 },
  );
  return { result, effects };
}

/** Commits a billing change (see commitWithEffects) and delivers its effects. */
export async function changeWithEffects<T>(change: (tx: Tx, effects: Effects) => Promise<T>): Promise<T> {
  const { result, effects } = await commitWithEffects(change);
  await effects.deliver();
  return result;
}
