import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { checkDocumentExpiry, daysLeft } from "@/lib/documents/check-document-expiry";
import { utcDay } from "@/lib/utc-day";
import { closeQueues } from "@/lib/jobs/queues";
import { seedDemo } from "@/lib/seed/seed-demo";
import { seedDocumentHistory } from "@/lib/seed/seed-documents";
import { seedUsageHistory } from "@/lib/seed/seed-usage";

afterAll(() => closeQueues());

const now = new Date("2026-11-18T12:00:00.000Z");
const today = utcDay(now);

describe("demo documents", () => {
  it("gives running tenants their required documents, a few missing, some expiring with the warnings sent, some expired with their review item", async () => {
    await seedDemo({ now });
    const documents = await db.tenantDocument.findMany({ include: { tenant: true, warnings: true } });
    const current = documents.filter((d) => d.status !== "replaced");

    const running = await db.tenant.findMany({
      where: { status: { in: ["active", "past_due"] } },
      include: { documents: true },
    });
    const missing = running.filter(
      (t) => !t.documents.some((d) => d.type === "contract" && d.status !== "replaced"),
    );
    expect(missing.length).toBeGreaterThan(0);
    expect(missing.length).toBeLessThan(running.length / 4);

    const soon = current.filter((d) => d.status === "active" && daysLeft(d.expiresOn, today) <= 30);
    expect(soon.length).toBeGreaterThanOrEqual(8);
    // Each has warnings only of offsets it has reached, the latest one included, all open.
    for (const d of soon) {
      const reached = [30, 14, 7].filter((offset) => offset >= daysLeft(d.expiresOn, today));
      expect(
        d.warnings.every((w) => reached.includes(w.offsetDays) && w.closedAt === null && w.sentAt <= now),
        d.title,
      ).toBe(true);
      expect(
        d.warnings.some((w) => w.offsetDays === Math.min(...reached)),
        d.title,
      ).toBe(true);
    }

    const expired = current.filter((d) => d.status === "expired");
    expect(expired.length).toBeGreaterThanOrEqual(2);
    expect(expired.every((d) => d.expiresOn < today && d.expiredAt! <= now)).toBe(true);
    const items = await db.reviewItem.findMany({ where: { kind: "document_expired" } });
    expect(items.map((i) => (i.evidence as { documentId: string }).documentId).sort()).toEqual(
      expired
        .filter((d) => d.required)
        .map((d) => d.id)
        .sort(),
    );
    expect(items.every((i) => i.status === "pending")).toBe(true);

    // History: renewed contracts, their old warnings closed.
    const replaced = documents.filter((d) => d.status === "replaced");
    expect(replaced.length).toBeGreaterThan(5);
    expect(
      replaced.every(
        (d) => documents.some((n) => n.renewsId === d.id) && d.warnings.every((w) => w.closedAt !== null),
      ),
    ).toBe(true);

    // The daily check agrees with the seed: nothing more to warn or expire today, and no email.
    expect(await checkDocumentExpiry(now)).toEqual({ warned: 0, expired: 0, raised: 0 });
    expect(await db.emailLog.count()).toBe(0);
  }, 90_000);

  it("gives every tenant that is not cancelled a usage snapshot of every class, and a handful of plan-fit items for the worker", async () => {
    const snapshots = await db.tenantUsage.findMany();
    expect(snapshots).toHaveLength(await db.tenant.count({ where: { status: { not: "cancelled" } } }));
    expect(new Set(snapshots.map((s) => s.usageClass))).toEqual(
      new Set(["daily", "weekly", "monthly", "rare", "inactive"]),
    );
    const items = await db.reviewItem.findMany({
      where: { kind: { in: ["plan_downgrade", "plan_upgrade", "tenant_archive"] } },
    });
    expect(new Set(items.map((i) => i.kind))).toEqual(
      new Set(["plan_downgrade", "plan_upgrade", "tenant_archive"]),
    );
    expect(items.length).toBeLessThan(60);
    expect(items.every((i) => i.status === "pending")).toBe(true);
  });

  it("changes nothing when run again", async () => {
    const before = await db.tenantDocument.count();
    expect(await seedDocumentHistory(now)).toEqual({ documents: 0 });
    expect(await seedUsageHistory(now)).toBeNull();
    expect(await db.tenantDocument.count()).toBe(before);
  });
});
