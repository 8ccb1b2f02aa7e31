// GET /api/review/items/:id: one review item for the workspace's detail pane, polled while an execution runs (owners and reviewers).
import { idParams, sessionRoute } from "@/app/_server/route";
import { reviewItemDetail } from "@/lib/review/queries/review-items";

export const GET = sessionRoute(
  ["OWNER", "REVIEWER"],
  async (_request, actor, { id }) => {
    return Response.json(await reviewItemDetail(id, actor.id, new Date()));
  },
  { params: idParams },
);
