import { requirePageActor } from "@/app/_server/session";
import { getActiveUser } from "@/lib/users/queries";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";

export const metadata = { title: "Profile" };

export default async function ProfilePage() {
  const actor = await requirePageActor(["OWNER", "REVIEWER"]);
  const user = await getActiveUser(actor.id!);
  return (
    <>
      <PageHeader title="Profile" />
      <Card className="max-w-lg">
        <dl className="space-y-3 text-sm">
          <div>
            <dt className="text-xs uppercase text-slate-500">Name</dt>
            <dd>{user?.name}</dd>
          </div>
          <div>
            <dt className="text-xs uppercase text-slate-500">Email</dt>
            <dd>{user?.email}</dd>
          </div>
          <div>
            <dt className="text-xs uppercase text-slate-500">Role</dt>
            <dd>{user?.role}</dd>
          </div>
        </dl>
      </Card>
    </>
  );
}
