import type { QuickFoundTenant } from "@/lib/tenants/quick-find-tenants";
import { NAV_ITEMS } from "./nav-items";

export type Role = "OWNER" | "REVIEWER";

/** One choice of the command palette: where Enter takes the viewer. */
export type PaletteEntry = {
  id: string;
  group: "Tenants" | "Pages" | "Actions";
  label: string;
  href: string;
};

/** Actions are offered for the first few tenants found, so the list stays short. */
const TENANTS_WITH_ACTIONS = 3;

const matches = (text: string, query: string) => text.toLowerCase().includes(query.trim().toLowerCase());

/**
 * What the palette lists for a query: the tenants found (owners only), the pages of the viewer's
 * role, then actions the role may start. An action opens the page where it is confirmed; the
 * server checks the role again when it is submitted.
 */
export function paletteEntries(query: string, role: Role, tenants: QuickFoundTenant[]): PaletteEntry[] {
  const tenantEntries: PaletteEntry[] = tenants.map((tenant) => ({
    id: `tenant-${tenant.id}`,
    group: "Tenants",
    label: `${tenant.name} (${tenant.slug})`,
    href: `/tenants/${tenant.id}`,
  }));
  const pages: PaletteEntry[] = NAV_ITEMS.filter((item) => item.roles.includes(role))
    .filter((item) => matches(item.label, query))
    .map((item) => ({ id: `page-${item.href}`, group: "Pages", label: item.label, href: item.href }));
  const reviewAction: PaletteEntry = {
    id: "action-review",
    group: "Actions",
    label: "Open the next review item",
    href: "/review",
  };
  const tenantActions: PaletteEntry[] =
    role === "OWNER"
      ? tenants.slice(0, TENANTS_WITH_ACTIONS).flatMap((tenant) => [
          ...(tenant.status !== "suspended"
            ? [
                {
                  id: `suspend-${tenant.id}`,
                  group: "Actions" as const,
                  label: `Suspend ${tenant.name}`,
                  href: `/tenants/${tenant.id}#status`,
                },
              ]
            : []),
          ...(tenant.activeTrialId
            ? [
                {
                  id: `extend-${tenant.id}`,
                  group: "Actions" as const,
                  label: `Extend the trial of ${tenant.name}`,
                  href: `/billing/trials/${tenant.activeTrialId}`,
                },
              ]
            : []),
        ])
      : [];
  const actions = [...tenantActions, ...(matches(reviewAction.label, query) ? [reviewAction] : [])];
  return [...tenantEntries, ...pages, ...actions];
}
