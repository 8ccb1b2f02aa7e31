import type { ServerAction } from "@/lib/actions/action-result";
import type { DecideItemInput } from "@/lib/review/schemas";
import type { FormAction } from "@/components/ui/action-form";

/** Someone else's live claim is an answer, not an error. */
export type ClaimAnswer = { claimed: true; until: Date } | { claimed: false; by: string; until: Date };

/** The workspace's server actions, handed down by the review page (components never import `app/`). */
export type ReviewWorkspaceActions = {
  claim: ServerAction<{ itemId: string }, ClaimAnswer>;
  release: ServerAction<{ itemId: string }, unknown>;
  decide: ServerAction<DecideItemInput, unknown>;
  reopen: FormAction;
};
