// POST /api/notifications/read: marks { id } or { all: true, upTo? } read for the signed-in owner only.
import { sessionRoute } from "@/app/_server/route";
import { readJsonBody } from "@/app/_server/read-json-body";
import { markNotificationsRead } from "@/lib/notifications/mark-notifications-read";

export const POST = sessionRoute(["OWNER"], async (request, actor) => {
  return Response.json(await markNotificationsRead.execute(actor, await readJsonBody(request)));
});
