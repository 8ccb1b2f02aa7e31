// The Overview's inbox and trends for the dashboard's auto-refresh; a reviewer gets the reviewer's rows.
import { sessionRoute } from "@/app/_server/route";
import { getOverview } from "@/lib/overview/queries";

export const GET = sessionRoute(["OWNER", "REVIEWER"], async (_request, actor) =>
  Response.json(await getOverview(actor.role === "OWNER" ? "OWNER" : "REVIEWER")),
);
