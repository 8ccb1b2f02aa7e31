// One job's live state and progress, polled while it runs (owners only). The id is "<queue>:<job id>".
import { sessionRoute } from "@/app/_server/route";
import { getJobDetail } from "@/lib/jobs/dashboard/queries";

export const GET = sessionRoute(["OWNER"], async (request) => {
  const ref = decodeURIComponent(new URL(request.url).pathname.split("/").pop() ?? "");
  return Response.json(await getJobDetail(ref));
});
