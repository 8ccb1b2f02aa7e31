import { describe, expect, it } from "vitest";
import { redactPii, redactText } from "./redact";

describe("redactText", () => {
  it.each([
    ["write to jane.doe+billing@mail.example.co.uk please", "write to [redacted email] please"],
    ["card 4111 1111 1111 1111 was charged", "card [redacted card number] was charged"],
    ["card 4111-1111-1111-1111.", "card [redacted card number]."],
    ["card 4111111111111111", "card [redacted card number]"],
    ["amex 3782 822463 10005", "amex [redacted card number]"],
    ["refund to DE89 3704 0044 0532 0130 00 thanks", "refund to [redacted IBAN] thanks"],
    ["refund to GB82WEST12345698765432", "refund to [redacted IBAN]"],
    ["call me on +49 30 1234567", "call me on [redacted phone]"],
    ["call (555) 123-4567 or 555.987.6543", "call [redacted phone] or [redacted phone]"],
    ["mobile 0171/2345678", "mobile [redacted phone]"],
  ])("%s", (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it.each([
    "paid on 2026-03-14 and 14.03.2026",
    "at 2026-03-14T09:30:00.000Z",
    "charged 49.00 EUR, order 12345",
    "reference ch_3PxT81234567890123 and pi_1234567890",
    "id 8a7b1c2d-1234-5678-9abc-def012345678",
    "from 203.0.113.7",
    "plan pro2024 upgrade",
  ])("leaves %s alone", (input) => {
    expect(redactText(input)).toBe(input);
  });
});

describe("redactPii", () => {
  it("scrubs strings at any depth and drops keys that name personal data", () => {
    const context = {
      kind: "payment_refund_request",
      evidence: {
        details: {
          reason: "Mail me at a@b.io",
          amount: 4900,
          paid_on: "2026-03-01",
          customerEmail: "x@y.io",
          billing_address: "Main St 1",
        },
        contacts: [{ fullName: "Jane Doe", phone: "+1 555 123 4567", role: "owner" }],
        lastActivityAt: "2026-03-01T10:00:00.000Z",
        names: ["Jane"],
        emailAddresses: ["j@d.io"],
      },
      tenant: { plan: "pro", status: "active", ageDays: 12, billingSuspended: false, name: "Acme" },
      score: null,
    };
    expect(redactPii(context)).toEqual({
      kind: "payment_refund_request",
      evidence: {
        details: { reason: "Mail me at [redacted email]", amount: 4900, paid_on: "2026-03-01" },
        lastActivityAt: "2026-03-01T10:00:00.000Z",
      },
      tenant: { plan: "pro", status: "active", ageDays: 12, billingSuspended: false },
      score: null,
    });
  });
});
