import type { ReviewSettings } from "@/lib/review/intake/settings";
import type { Recommendation } from "@/lib/review/recommendation";

export type Route = { status: "approved" | "in_review" | "escalated"; autoExecute: boolean; why: string };

/**
 * Where a recommendation goes by its confidence: executed at once (≥ autoExecuteAt), to a reviewer
 * (≥ reviewAt) or escalated to an owner (below). A suspension goes to a person however confident
 * the engine is, unless the owner turned auto-execution of suspensions on.
 */
export function route(recommendation: Recommendation, settings: ReviewSettings): Route {
  const { confidence, action } = recommendation;
  if (confidence >= settings.autoExecuteAt) {
    if (action !== "suspend_tenant" || settings.autoExecuteSuspensions)
      return {
        status: "approved",
        autoExecute: true,
        why: `confidence ${confidence} ≥ ${settings.autoExecuteAt}: executed automatically`,
      };
    return {
      status: "in_review",
      autoExecute: false,
      why: `confidence ${confidence}, but suspensions are executed only by a person`,
    };
  }
  if (confidence >= settings.reviewAt)
    return {
      status: "in_review",
      autoExecute: false,
      why: `confidence ${confidence} in ${settings.reviewAt}–${settings.autoExecuteAt - 1}: a reviewer decides`,
    };
  return {
    status: "escalated",
    autoExecute: false,
    why: `confidence ${confidence} < ${settings.reviewAt}: escalated to an owner`,
  };
}
