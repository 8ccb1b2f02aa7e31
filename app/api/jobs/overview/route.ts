// Jobs dashboard data for its auto-refresh: queue counts, last hour's throughput, schedules (owners only).
import { sessionRoute } from "@/app/_server/route";
import { jobsOverview } from "@/lib/jobs/dashboard/queries";

export const GET = sessionRoute(["OWNER"], async () => Response.json(await jobsOverview()));
