// GET /api/review/items/:id: one review item for the workspace's detail pane, polled while an execution runs (owners and reviewers).
import { lastPathSegment } from "@/app/_server/last-path-segment";
import { sessionRoute } from "@/app/_server/route";
import { reviewItemDetail } from "@/lib/review/queries/review-items";

export const GET = sessionRoute(["OWNER", "REVIEWER"], async (request, actor) => {
  return Response.json(await reviewItemDetail(lastPathSegment(request), actor.id, new Date()));
});
