import { describe, expect, it } from "vitest";
import { checkBillingEventSignature, signatureHeaders } from "./signature";

const headersOf = (values: Record<string, string>) => (name: string) => values[name] ?? null;

describe("checkBillingEventSignature", () => {
  it("refuses an unsigned event when no secret is set, unless unsigned ones are allowed", () => {
    expect(() => checkBillingEventSignature({ acceptUnsigned: false }, "{}", headersOf({}))).toThrow(
      expect.objectContaining({
        code: "UNAVAILABLE",
        message: expect.stringMatching(/BILLING_EVENTS_SECRET/),
      }),
    );
    expect(() => checkBillingEventSignature({ acceptUnsigned: true }, "{}", headersOf({}))).not.toThrow();
  });

  it("with a secret, needs a matching signature whatever else is set", () => {
    const secret = "a-billing-secret-of-some-length";
    expect(() => checkBillingEventSignature({ secret, acceptUnsigned: true }, "{}", headersOf({}))).toThrow(
      expect.objectContaining({ code: "UNAUTHENTICATED" }),
    );
    const signed = headersOf(signatureHeaders(secret, "{}"));
    expect(() => checkBillingEventSignature({ secret, acceptUnsigned: false }, "{}", signed)).not.toThrow();
  });
});
