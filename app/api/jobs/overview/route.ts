// Jobs dashboard data for its auto-refresh: queue counts, last hour's throughput, schedules (owners only).
import { sessionRoute } from "@/app/_server/route";
import { queueSummaries, scheduleSummaries, throughputLastHour } from "@/lib/jobs/dashboard/queries";

export const GET = sessionRoute(["OWNER"], async () => {
  const [queues, throughput, schedules] = await Promise.all([
    queueSummaries(),
    throughputLastHour(),
    scheduleSummaries(),
  ]);
  return Response.json({ queues, throughput, schedules });
});
