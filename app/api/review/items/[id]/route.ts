// GET /api/review/items/:id: one review item for the workspace's detail pane, polled while an execution runs (owners and reviewers).
import { sessionRoute } from "@/app/_server/route";
import { reviewItemDetail } from "@/lib/review/queries";

function lastSegment(request: Request): string {
  const segment = new URL(request.url).pathname.split("/").pop() ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // A malformed escape names no item: a 404, not a 500.
  }
}

export const GET = sessionRoute(["OWNER", "REVIEWER"], async (request, actor) => {
  return Response.json(await reviewItemDetail(lastSegment(request), actor.id, new Date()));
});
