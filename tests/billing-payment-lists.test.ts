import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { BillingActivityKind } from "@/lib/generated/prisma/enums";
import { listPaymentOutcomes, listPaymentsInRecovery, PAYMENTS_PAGE_SIZE } from "@/lib/billing/payment-lists";
import { listPaymentsSchema } from "@/lib/billing/schemas";
import { makeTenant, makeUser } from "./setup/fixtures";

const MINUTE = 60_000;
const start = Date.parse("2026-11-01T00:00:00Z");
const { actor: owner } = await makeUser("OWNER");
const acme = await makeTenant(owner, { name: "Acme Payments", slug: "acme-payments" });
const blue = await makeTenant(owner, { name: "Blue Payments", slug: "blue-payments" });

// 30 retrying payments of Acme (next retry one minute apart) and 5 of Blue; each failure and, for
// every third of Acme's, a success too on the timeline, a minute apart.
let n = 0;
for (const [tenant, count] of [
  [acme, 30],
  [blue, 5],
] as const) {
  for (let i = 0; i < count; i++, n++) {
    const payment = await db.payment.create({
      data: {
        tenantId: tenant.id,
        amountMinor: 1_000 + n,
        currency: "EUR",
        status: "retrying",
        firstFailedAt: new Date(start),
        nextRetryAt: new Date(start + n * MINUTE),
        providerReference: `lists-${n}`,
      },
    });
    const entries: { kind: BillingActivityKind; at: number }[] = [
      { kind: "payment_failed", at: start + n * MINUTE },
    ];
    if (tenant === acme && i % 3 === 0)
      entries.push({ kind: "payment_succeeded", at: start + n * MINUTE + 1 });
    for (const entry of entries)
      await db.billingActivity.create({
        data: {
          tenantId: tenant.id,
          paymentId: payment.id,
          kind: entry.kind,
          summary: `${entry.kind} ${n}`,
          actorLabel: "billing",
          createdAt: new Date(entry.at),
        },
      });
  }
}

const query = (raw: Record<string, string> = {}) => listPaymentsSchema.parse(raw);

describe("Billing > Payments", () => {
  it("pages the payments in recovery, next retry first, and finds one tenant's", async () => {
    const first = await listPaymentsInRecovery(query());
    expect(first).toMatchObject({ total: 35, page: 1, pageCount: 2 });
    expect(first.rows).toHaveLength(PAYMENTS_PAGE_SIZE);
    expect(first.rows[0].amountMinor).toBe(1_000);
    const second = await listPaymentsInRecovery(query({ rpage: "2" }));
    expect(second.rows.map((r) => r.amountMinor)).toEqual(Array.from({ length: 15 }, (_, i) => 1_020 + i));
    const blues = await listPaymentsInRecovery(query({ q: "BLUE" }));
    expect(blues).toMatchObject({ total: 5, pageCount: 1 });
    expect(blues.rows.every((r) => r.tenant.id === blue.id)).toBe(true);
  });

  it("pages the outcomes newest first, by outcome and by tenant", async () => {
    const first = await listPaymentOutcomes(query());
    expect(first).toMatchObject({ total: 45, page: 1, pageCount: 3 });
    expect(first.rows[0]).toMatchObject({
      tenantName: "Blue Payments",
      kind: "payment_failed",
      amountMinor: 1_034,
    });
    const pages = [
      first,
      await listPaymentOutcomes(query({ page: "2" })),
      await listPaymentOutcomes(query({ page: "3" })),
    ];
    const times = pages.flatMap((p) => p.rows.map((r) => r.createdAt.getTime()));
    expect(times).toHaveLength(45);
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const successes = await listPaymentOutcomes(query({ outcome: "payment_succeeded" }));
    expect(successes.total).toBe(10);
    expect(successes.rows.every((r) => r.kind === "payment_succeeded" && r.tenantId === acme.id)).toBe(true);

    const blueFailures = await listPaymentOutcomes(query({ q: "blue-pay", outcome: "payment_failed" }));
    expect(blueFailures.total).toBe(5);
    expect(blueFailures.rows.map((r) => r.amountMinor)).toEqual([1_034, 1_033, 1_032, 1_031, 1_030]);
    expect((await listPaymentOutcomes(query({ q: "%" }))).total).toBe(0);
  });

  it("refuses an outcome that is not a payment's", () => {
    expect(() => query({ outcome: "trial_started" })).toThrow();
  });
});
