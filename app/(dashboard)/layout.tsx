import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { currentActor } from "@/app/_server/session";
import { loginPathBackHere } from "@/app/_server/requested-path";
import { Sidebar } from "@/components/shell/sidebar";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { CommandPalette, PaletteButton } from "@/components/shell/command-palette";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { ReadOnlyBanner } from "@/components/shell/read-only-banner";

const ROLE_NAMES = { OWNER: "Owner", REVIEWER: "Reviewer", VIEWER: "Viewer (read-only)" } as const;

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  if (!actor || actor.role === "SYSTEM") redirect(await loginPathBackHere());
  // A viewer sees every page an owner does; pages mark their write controls, hidden for a viewer.
  const navRole = actor.role === "REVIEWER" ? "REVIEWER" : "OWNER";
  const readOnly = actor.role === "VIEWER";
  return (
    <div className="flex min-h-screen">
      <aside className="hidden w-60 shrink-0 flex-col border-r border-slate-200 bg-white p-4 md:flex dark:border-slate-800 dark:bg-slate-900">
        <div className="mb-6 flex items-center justify-between">
          <Link href="/" className="flex items-center gap-2 px-3 text-lg font-semibold">
            <span className="inline-block h-6 w-6 rounded-md bg-indigo-600" aria-hidden />
            Steward
          </Link>
          {actor.role === "OWNER" && <NotificationBell align="start" />}
        </div>
        <div className="mb-4">
          <PaletteButton />
        </div>
        <Sidebar role={navRole} />
        <div className="mt-auto border-t border-slate-200 px-3 pt-4 text-sm dark:border-slate-800">
          <p className="truncate font-medium" data-testid="signed-in-as">
            {actor.label}
          </p>
          <p className="mb-2 text-xs text-slate-500">{ROLE_NAMES[actor.role]}</p>
          <SignOutButton />
        </div>
      </aside>
      <div className="min-w-0 flex-1">
        <header className="flex items-center gap-2 border-b border-slate-200 bg-white p-3 md:hidden dark:border-slate-800 dark:bg-slate-900">
          <div className="min-w-0 flex-1">
            <Sidebar role={navRole} compact />
          </div>
          <div className="w-28 shrink-0">
            <PaletteButton />
          </div>
          {actor.role === "OWNER" && <NotificationBell align="end" />}
        </header>
        <main className="p-6 lg:p-8" data-read-only={readOnly || undefined}>
          {readOnly && <ReadOnlyBanner />}
          {children}
        </main>
      </div>
      <CommandPalette role={navRole} />
    </div>
  );
}
