// POST /api/notifications/read: marks { id } or { all: true, upTo? } read for the signed-in owner only.
import { sessionRoute } from "@/app/_server/route";
import { AppError } from "@/lib/errors";
import { markNotificationsRead } from "@/lib/in-app/mark-notifications-read";

export const POST = sessionRoute(["OWNER"], async (request, actor) => {
  const body: unknown = await request.json().catch(() => {
    throw new AppError("VALIDATION", "The body must be JSON.");
  });
  return Response.json(await markNotificationsRead.execute(actor, body));
});
