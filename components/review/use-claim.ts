"use client";

import { useEffect, useRef, useState } from "react";
import type { ReviewWorkspaceActions } from "./review-actions";

/** A claim on a review item lapses after REVIEW_CLAIM_MINUTES (10 by default); renewing every minute keeps it live. */
const RENEW_MS = 60_000;

export type ClaimState =
  | { status: "none" }
  | { status: "claiming" }
  | { status: "mine"; until: Date }
  | { status: "theirs"; by: string; until: Date }
  | { status: "error"; message: string };

/**
 * Holds a claim on `itemId` while it is open: taken at once, renewed every minute, released when
 * the person moves on (another item, a decision, leaving the page). Someone else's live claim is
 * asked again at each renewal, so the item frees up for this person once the other moves on.
 * `null` claims nothing (an item nobody may decide here).
 */
export function useClaim(
  itemId: string | null,
  actions: Pick<ReviewWorkspaceActions, "claim" | "release">,
): ClaimState {
  // The latest actions, so a re-render of the page does not take and give back the claim again.
  const latest = useRef(actions);
  useEffect(() => {
    latest.current = actions;
  });
  // Kept with the item it is about, so a render right after switching items never shows the last one's claim.
  const [claimed, setClaimed] = useState<{ itemId: string; state: ClaimState } | null>(null);
  useEffect(() => {
    if (!itemId) return;
    let open = true;
    let held = false;
    const setState = (state: ClaimState) => setClaimed({ itemId, state });
    const claim = async () => {
      const result = await latest.current.claim({ itemId }).catch(() => null);
      if (!open) {
        // Moved on while the claim was on its way: give it back.
        if (result?.ok && result.data.claimed) void latest.current.release({ itemId });
        return;
      }
      if (!result)
        setState({
          status: "error",
          message: "Could not reach Steward to open this item; retrying in a minute.",
        });
      else if (!result.ok) setState({ status: "error", message: result.error });
      else if (result.data.claimed) {
        held = true;
        setState({ status: "mine", until: new Date(result.data.until) });
      } else setState({ status: "theirs", by: result.data.by, until: new Date(result.data.until) });
    };
    void claim();
    const timer = setInterval(claim, RENEW_MS);
    return () => {
      open = false;
      clearInterval(timer);
      setClaimed(null);
      if (held) void latest.current.release({ itemId }).catch(() => undefined);
    };
  }, [itemId]);
  if (!itemId) return { status: "none" };
  return claimed?.itemId === itemId ? claimed.state : { status: "claiming" };
}
