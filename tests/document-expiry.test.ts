import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { checkDocumentExpiry, daysLeft, warningBands } from "@/lib/documents/check-document-expiry";
import { utcDay } from "@/lib/utc-day";
import { renewDocument, uploadDocument } from "@/lib/documents/document-actions";
import { decidePendingItems } from "@/lib/review/decide/decide-items";
import { deliverEmailsToTestServer } from "./setup/mail-delivery";
import { makeTenant, makeUser } from "./setup/fixtures";
import { until } from "./setup/until";

const DAY = 86_400_000;
const received = deliverEmailsToTestServer();
const { user: firstOwner, actor: owner } = await makeUser("OWNER");
const { user: secondOwner } = await makeUser("OWNER");
await makeUser("OWNER", { disabled: true });
const owners = [firstOwner, secondOwner];

/** 06:00 UTC on a day relative to 1 March 2030, as the daily schedule runs. */
const at = (day: string) => new Date(`${day}T06:00:00Z`);
const plusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);

async function document(
  tenantId: string,
  expiresOn: string,
  overrides: Partial<{ required: boolean; type: string; title: string }> = {},
) {
  const input = {
    tenantId,
    type: "certificate",
    title: `Certificate ${expiresOn}`,
    expiresOn,
    required: false,
    ...overrides,
  };
  return (await uploadDocument.execute(owner, input)).id;
}

/** Runs the daily check every day from `from` to `to` (inclusive), twice a day, as a retried or doubled schedule would. */
async function runDaily(from: string, to: string) {
  for (let day = from; day <= to; day = plusDays(day, 1)) {
    await checkDocumentExpiry(at(day));
    await checkDocumentExpiry(new Date(at(day).getTime() + 3_600_000));
  }
}

const warningsOf = (documentId: string) =>
  db.documentWarning.findMany({ where: { documentId }, orderBy: { offsetDays: "desc" } });
const emailsOf = (documentId: string) =>
  db.emailLog.findMany({ where: { dedupeKey: { startsWith: `document-warning:${documentId}:` } } });

describe("warning bands", () => {
  it("gives each offset the days left it covers, the smallest offset reached winning", () => {
    expect(warningBands([30, 14, 7])).toEqual([
      { offset: 7, minLeft: 0, maxLeft: 7 },
      { offset: 14, minLeft: 8, maxLeft: 14 },
      { offset: 30, minLeft: 15, maxLeft: 30 },
    ]);
    expect(daysLeft(new Date("2030-03-31T00:00:00Z"), utcDay(new Date("2030-03-01T23:59:59Z")))).toBe(30);
  });
});

describe("document expiry check", () => {
  it("warns at 30, 14 and 7 days exactly once each, though it runs twice a day, then expires the document", async () => {
    const tenant = await makeTenant(owner);
    const id = await document(tenant.id, "2030-03-31");
    await runDaily("2030-02-27", "2030-03-31");

    const warnings = await warningsOf(id);
    expect(warnings.map((w) => [w.offsetDays, w.daysLeft, w.sentAt.toISOString().slice(0, 10)])).toEqual([
      [30, 30, "2030-03-01"],
      [14, 14, "2030-03-17"],
      [7, 7, "2030-03-24"],
    ]);
    // Each warning: the tenant's contact and every active owner (not the disabled one), once.
    const emails = await emailsOf(id);
    expect(emails).toHaveLength(3 * (1 + owners.length));
    expect(emails.filter((e) => e.templateKey === "document_expiring")).toHaveLength(3);
    expect(new Set(emails.map((e) => e.dedupeKey)).size).toBe(emails.length);
    expect(await db.tenantDocument.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "active" });

    // Its last valid day is 31 March; on 1 April it is expired, once.
    await runDaily("2030-04-01", "2030-04-02");
    expect(await db.tenantDocument.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "expired",
      expiredAt: at("2030-04-01"),
    });
    expect(
      await db.emailLog.count({
        where: { templateKey: "document_expired", dedupeKey: { startsWith: `document-expired:${id}:` } },
      }),
    ).toBe(owners.length);
    expect(
      await db.notification.findUniqueOrThrow({ where: { dedupeKey: `document-expired:${id}` } }),
    ).toMatchObject({ severity: "warning", link: `/tenants/${tenant.id}/health` });
    // Not required: nothing for the review queue.
    expect(await db.reviewItem.count({ where: { tenantId: tenant.id } })).toBe(0);
    expect(
      await db.auditLog.count({
        where: { action: "document.expired", entityId: tenant.id, actorLabel: "system:document-expiry" },
      }),
    ).toBe(1);
  });

  it("sends a document uploaded 10 days before expiry the 14-day warning, worded with the days left, to the contact and owners over SMTP", async () => {
    const tenant = await makeTenant(owner);
    const id = await document(tenant.id, "2030-05-11", { title: "TLS wildcard" });
    await checkDocumentExpiry(at("2030-05-01"));
    expect((await warningsOf(id)).map((w) => [w.offsetDays, w.daysLeft])).toEqual([[14, 10]]);

    const mails = await until(() => {
      const mine = received.filter((r) => r.mail.subject?.includes("'TLS wildcard'"));
      return mine.length === 1 + owners.length && mine;
    });
    const toContact = mails.find((m) => m.to.includes(tenant.contactEmail))!;
    expect(toContact.mail.subject).toBe("Your Certificate 'TLS wildcard' expires in 10 days");
    expect(toContact.mail.text).toContain("on 2030-05-11");
    const toOwners = mails.filter((m) => m !== toContact);
    expect(toOwners.flatMap((m) => m.to).sort()).toEqual(owners.map((o) => o.email).sort());
    expect(toOwners[0].mail.text).toContain(`/tenants/${tenant.id}/health`);

    // The 30-day warning is never sent late; the 7-day one follows.
    await runDaily("2030-05-02", "2030-05-11");
    expect((await warningsOf(id)).map((w) => w.offsetDays)).toEqual([14, 7]);
  });

  it("records one warning and one set of emails when two checks run at once", async () => {
    const tenant = await makeTenant(owner);
    const id = await document(tenant.id, "2030-06-20");
    await Promise.all([
      checkDocumentExpiry(at("2030-06-13")),
      checkDocumentExpiry(at("2030-06-13")),
      checkDocumentExpiry(at("2030-06-13")),
    ]);
    expect(await warningsOf(id)).toHaveLength(1);
    expect(await emailsOf(id)).toHaveLength(1 + owners.length);
  });

  it("raises one suspension recommendation for a required document, with the document as evidence, that rules route to review", async () => {
    const tenant = await makeTenant(owner, { name: "Contoso Health" });
    await db.tenant.update({ where: { id: tenant.id }, data: { status: "active" } });
    const id = await document(tenant.id, "2030-07-01", {
      type: "licence",
      title: "Pharmacy licence",
      required: true,
    });
    await Promise.all([checkDocumentExpiry(at("2030-07-02")), checkDocumentExpiry(at("2030-07-02"))]);
    await checkDocumentExpiry(at("2030-07-03"));

    const items = await db.reviewItem.findMany({ where: { tenantId: tenant.id } });
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      kind: "document_expired",
      source: "documents.expiry",
      summary: "Contoso Health: required Licence 'Pharmacy licence' expired on 2030-07-01",
      evidence: {
        documentId: id,
        type: "licence",
        title: "Pharmacy licence",
        required: true,
        expiresOn: "2030-07-01",
      },
    });
    expect(
      await db.notification.findUniqueOrThrow({ where: { dedupeKey: `document-expired:${id}` } }),
    ).toMatchObject({ severity: "critical" });

    await decidePendingItems(at("2030-07-02"));
    expect(await db.reviewItem.findUniqueOrThrow({ where: { id: items[0].id } })).toMatchObject({
      status: "in_review",
      engine: "rules",
      recommendedAction: "suspend_tenant",
      confidence: 75,
      policyApplied: "X2 Required document",
    });
  });

  it("a renewal replaces the document, closes its open warnings and its review item, and keeps the history", async () => {
    const tenant = await makeTenant(owner);
    await db.tenant.update({ where: { id: tenant.id }, data: { status: "active" } });
    const id = await document(tenant.id, "2030-08-10", { type: "contract", title: "Master agreement 2029" });
    await checkDocumentExpiry(at("2030-07-30"));
    await checkDocumentExpiry(at("2030-08-11"));
    const item = await db.reviewItem.findFirstOrThrow({
      where: { tenantId: tenant.id, kind: "document_expired" },
    });

    const renewed = await renewDocument.execute(owner, {
      documentId: id,
      title: "Master agreement 2030",
      expiresOn: "2031-08-10",
    });
    const [old, current] = await Promise.all([
      db.tenantDocument.findUniqueOrThrow({ where: { id } }),
      db.tenantDocument.findUniqueOrThrow({ where: { id: renewed.id } }),
    ]);
    expect(old).toMatchObject({ status: "replaced" });
    expect(current).toMatchObject({
      status: "active",
      renewsId: id,
      type: "contract",
      required: true,
      title: "Master agreement 2030",
    });
    expect((await warningsOf(id)).every((w) => w.closedAt !== null)).toBe(true);
    expect(await db.reviewItem.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({
      status: "closed",
      closedNote: "The document was renewed until 2031-08-10.",
    });
    await expect(
      renewDocument.execute(owner, { documentId: id, title: "Again", expiresOn: "2031-08-10" }),
    ).rejects.toMatchObject({ code: "CONFLICT" });

    // The renewed version gets its own warnings; the old one, none.
    await checkDocumentExpiry(at("2031-07-12"));
    expect((await warningsOf(renewed.id)).map((w) => [w.offsetDays, w.daysLeft, w.closedAt])).toEqual([
      [30, 29, null],
    ]);
    expect(await warningsOf(id)).toHaveLength(1);
  });

  it("does not warn a cancelled tenant, nor raise a review item when its required document expires", async () => {
    const tenant = await makeTenant(owner);
    const id = await document(tenant.id, "2030-09-10", { required: true });
    await db.tenant.update({ where: { id: tenant.id }, data: { status: "cancelled" } });
    await checkDocumentExpiry(at("2030-09-05"));
    await checkDocumentExpiry(at("2030-09-11"));
    expect(await warningsOf(id)).toHaveLength(0);
    expect(await db.tenantDocument.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "expired" });
    expect(await db.reviewItem.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("raises no review item when the tenant already has another valid document of the type", async () => {
    const tenant = await makeTenant(owner);
    await db.tenant.update({ where: { id: tenant.id }, data: { status: "active" } });
    const old = await document(tenant.id, "2030-11-10", { type: "licence", required: true });
    await document(tenant.id, "2031-11-10", {
      type: "licence",
      required: true,
      title: "New licence, uploaded separately",
    });
    await checkDocumentExpiry(at("2030-11-11"));
    expect(await db.tenantDocument.findUniqueOrThrow({ where: { id: old } })).toMatchObject({
      status: "expired",
    });
    expect(await db.reviewItem.count({ where: { tenantId: tenant.id } })).toBe(0);
  });

  it("refuses an expiry date in the past, and documents for a cancelled tenant", async () => {
    const tenant = await makeTenant(owner);
    const error = await uploadDocument
      .execute(owner, { tenantId: tenant.id, type: "certificate", title: "Old", expiresOn: "2020-01-31" })
      .catch((e) => e);
    expect(error.fields).toEqual({
      expiresOn: ["The expiry date is in the past; enter the last day the document is valid"],
    });
    await db.tenant.update({ where: { id: tenant.id }, data: { status: "cancelled" } });
    await expect(document(tenant.id, "2031-01-31")).rejects.toMatchObject({
      code: "CONFLICT",
      message: "This tenant is cancelled; its documents are no longer kept.",
    });
  });

  it("requires a document of a type every tenant must have, whatever the form said", async () => {
    const tenant = await makeTenant(owner);
    const id = await document(tenant.id, "2030-10-10", { type: "dpa", title: "DPA", required: false });
    expect(await db.tenantDocument.findUniqueOrThrow({ where: { id } })).toMatchObject({ required: true });
  });
});
