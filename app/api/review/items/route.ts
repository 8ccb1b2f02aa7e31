// GET /api/review/items?kind=&status=&engine=&band=&page=: the review queue's refresh (owners and reviewers).
import { sessionRoute } from "@/app/_server/route";
import { listReviewItems, reviewQueueCounts } from "@/lib/review/queries/review-items";
import { reviewFiltersSchema } from "@/lib/review/schemas";
import { getReviewSettings } from "@/lib/review/intake/settings";

export const GET = sessionRoute(["OWNER", "REVIEWER"], async (request, actor) => {
  const filters = reviewFiltersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const now = new Date();
  const [counts, page] = await Promise.all([
    reviewQueueCounts(now),
    getReviewSettings().then((settings) => listReviewItems(filters, settings, actor, now)),
  ]);
  return Response.json({ counts, page });
});
