// One job's live state and progress, polled while it runs (owners only). The id is "<queue>:<job id>".
import { idParams, sessionRoute } from "@/app/_server/route";
import { getJobDetail } from "@/lib/jobs/dashboard/queries";

export const GET = sessionRoute(
  ["OWNER"],
  async (_request, _actor, { id }) => {
    return Response.json(await getJobDetail(id));
  },
  { params: idParams },
);
