// Overview figures for the dashboard's auto-refresh (owners only).
import { sessionRoute } from "@/app/_server/route";
import { getOverview } from "@/lib/overview/queries";

export const GET = sessionRoute(["OWNER"], async () => Response.json(await getOverview()));
