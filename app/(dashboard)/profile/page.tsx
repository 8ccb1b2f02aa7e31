import { requirePageActor } from "@/app/_server/session";
import { getActiveUser } from "@/lib/users/queries";
import { listOpenSessions } from "@/lib/auth/staff-sessions";
import { PageHeader } from "@/components/ui/page-header";
import { Card } from "@/components/ui/card";
import { ActionForm } from "@/components/ui/action-form";
import { LocalTime } from "@/components/ui/local-time";
import { Table, cellClass, headCellClass } from "@/components/ui/table";
import { TwoFactorSetup } from "@/components/profile/two-factor-setup";
import { TurnOffTwoFactorForm } from "@/components/profile/turn-off-two-factor-form";
import { twoFactorStatus } from "@/lib/auth/two-factor";
import { AlertSettingsCard } from "./alert-settings-card";
import {
  confirmTwoFactorAction,
  disableTwoFactorAction,
  signOutEverywhereAction,
  signOutSessionAction,
  startTwoFactorAction,
} from "./actions";

export const metadata = { title: "Profile" };

export default async function ProfilePage() {
  const actor = await requirePageActor(["OWNER", "REVIEWER"], { twoFactorSetup: true });
  const [user, sessions, twoFactor] = await Promise.all([
    getActiveUser(actor.id!),
    listOpenSessions(actor.id!),
    twoFactorStatus(actor.id!),
  ]);
  return (
    // A viewer changes nothing else, but manages their own sign-in here.
    <div data-own-account>
      <PageHeader title="Profile" />
      <div className="space-y-6">
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
        <Card title="Two-factor sign-in" className="max-w-lg">
          {actor.mustSetUpTwoFactor && (
            <p role="status" className="mb-3 text-sm font-medium text-amber-700 dark:text-amber-400">
              Owners must use two-factor sign-in here: set it up to continue.
            </p>
          )}
          {twoFactor.enabledAt ? (
            <div className="space-y-3">
              <p className="text-sm" data-testid="two-factor-on">
                On since <LocalTime value={twoFactor.enabledAt} dateOnly />; {twoFactor.recoveryCodesLeft}{" "}
                recovery codes left.
              </p>
              <TurnOffTwoFactorForm action={disableTwoFactorAction} />
            </div>
          ) : (
            <TwoFactorSetup start={startTwoFactorAction} confirm={confirmTwoFactorAction} />
          )}
        </Card>
        {actor.role === "OWNER" && <AlertSettingsCard userId={actor.id!} />}
        <Card title="Where you are signed in">
          <Table
            stickyActions
            head={
              <>
                <th className={headCellClass}>Browser</th>
                <th className={headCellClass}>Address</th>
                <th className={headCellClass}>Signed in</th>
                <th className={headCellClass}>Last active</th>
                <th className={headCellClass}>
                  <span className="sr-only">Actions</span>
                </th>
              </>
            }
          >
            {sessions.map((session) => (
              <tr key={session.id} data-testid="staff-session">
                <td className={`${cellClass} max-w-md truncate`} title={session.userAgent}>
                  {session.userAgent || "Unknown browser"}
                </td>
                <td className={cellClass}>{session.ip}</td>
                <td className={cellClass}>
                  <LocalTime value={session.createdAt} />
                </td>
                <td className={cellClass}>
                  <LocalTime value={session.lastSeenAt} />
                </td>
                <td className={`${cellClass} text-right`}>
                  {session.id === actor.sessionId ? (
                    <span className="text-xs text-slate-500">This browser</span>
                  ) : (
                    <ActionForm
                      action={signOutSessionAction}
                      hidden={{ sessionId: session.id }}
                      submit="Sign out"
                      variant="secondary"
                    />
                  )}
                </td>
              </tr>
            ))}
          </Table>
          <div className="mt-4 flex items-center justify-between gap-4">
            <p className="text-sm text-slate-500">
              Lost a laptop or signed in on a shared computer? End every session, this one included.
            </p>
            <ActionForm action={signOutEverywhereAction} submit="Sign out everywhere" variant="danger" />
          </div>
        </Card>
      </div>
    </div>
  );
}
