import { requirePageActor } from "@/app/_server/session";
import { listUsers } from "@/lib/users/queries";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { Badge } from "@/components/ui/badge";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { CreateUserForm } from "@/components/settings/create-user-form";
import { UserRowActions } from "@/components/settings/user-row-actions";
import { createUserAction, updateUserAction } from "./actions";
import { LocalTime } from "@/components/ui/local-time";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  await requirePageActor(["OWNER"]);
  const users = await listUsers();
  return (
    <>
      <PageHeader
        title="Users"
        description="Owners see everything; reviewers see the review queue and their profile."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <Table
            stickyActions
            head={["Name", "Email", "Role", "Last sign-in", ""].map((h) => (
              <th key={h} className={headCellClass}>
                {h}
              </th>
            ))}
          >
            {users.map((u) => (
              <tr key={u.id}>
                <td className={cellClass}>
                  {u.name} {u.disabled && <Badge tone="red">disabled</Badge>}
                </td>
                <td className={cellClass}>{u.email}</td>
                <td className={cellClass}>
                  <Badge tone={u.role === "OWNER" ? "blue" : "gray"}>{u.role.toLowerCase()}</Badge>
                </td>
                <td className={`${cellClass} text-slate-500`}>
                  <LocalTime value={u.lastLoginAt} />
                </td>
                <td className={`${cellClass} text-right`}>
                  <UserRowActions user={u} action={updateUserAction} />
                </td>
              </tr>
            ))}
          </Table>
        </div>
        <Card title="Add a user">
          <CreateUserForm action={createUserAction} />
        </Card>
      </div>
    </>
  );
}
