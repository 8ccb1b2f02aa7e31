import { describe, expect, it } from "vitest";
import type { Recommendation } from "@/lib/review/recommendation";
import { route } from "./routing";
import { DEFAULT_REVIEW_SETTINGS, reviewSettingsSchema } from "@/lib/review/intake/settings";

const recommendation = (
  confidence: number,
  action: Recommendation["action"] = "send_reminder",
): Recommendation => ({
  decision: "remind",
  action,
  confidence,
  reasoning: "test",
  policy_applied: "M1",
});

describe("routing by confidence", () => {
  it.each([
    [100, "approved", true],
    [90, "approved", true],
    [89, "in_review", false],
    [70, "in_review", false],
    [69, "escalated", false],
    [0, "escalated", false],
  ] as const)(
    "confidence %i goes to %s (auto-execute: %s) with the default thresholds",
    (confidence, status, autoExecute) => {
      expect(route(recommendation(confidence), DEFAULT_REVIEW_SETTINGS)).toMatchObject({
        status,
        autoExecute,
      });
    },
  );

  it("never auto-executes a suspension unless the owner turned that on", () => {
    expect(route(recommendation(99, "suspend_tenant"), DEFAULT_REVIEW_SETTINGS)).toMatchObject({
      status: "in_review",
      autoExecute: false,
    });
    expect(route(recommendation(69, "suspend_tenant"), DEFAULT_REVIEW_SETTINGS)).toMatchObject({
      status: "escalated",
    });
    const allowed = reviewSettingsSchema.parse({ autoExecuteSuspensions: true });
    expect(route(recommendation(90, "suspend_tenant"), allowed)).toMatchObject({
      status: "approved",
      autoExecute: true,
    });
    expect(route(recommendation(89, "suspend_tenant"), allowed)).toMatchObject({
      status: "in_review",
      autoExecute: false,
    });
  });

  it("follows the owner's thresholds at their edges", () => {
    const settings = reviewSettingsSchema.parse({ autoExecuteAt: 80, reviewAt: 50 });
    expect(route(recommendation(80), settings).status).toBe("approved");
    expect(route(recommendation(79), settings).status).toBe("in_review");
    expect(route(recommendation(50), settings).status).toBe("in_review");
    expect(route(recommendation(49), settings).status).toBe("escalated");
  });

  it("refuses thresholds that would make auto-execution easier than review", () => {
    const result = reviewSettingsSchema.safeParse({ autoExecuteAt: 60, reviewAt: 60 });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(["autoExecuteAt"]);
  });
});
