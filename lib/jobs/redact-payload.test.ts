import { describe, expect, it } from "vitest";
import { redactPayload } from "./redact-payload";

describe("redactPayload", () => {
  it("hides personal values at any depth but keeps references", () => {
    expect(
      redactPayload({
        emailLogId: "e1",
        tenantId: "t1",
        to: { email: "a@b.example", name: "Ann" },
        items: [{ password: "x", count: 2 }],
      }),
    ).toEqual({
      emailLogId: "e1",
      tenantId: "t1",
      to: { email: "[redacted]", name: "[redacted]" },
      items: [{ password: "[redacted]", count: 2 }],
    });
  });
});
