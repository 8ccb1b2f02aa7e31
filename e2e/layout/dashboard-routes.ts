import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";

const DASHBOARD = join(process.cwd(), "app", "(dashboard)");

/**
 * Every page of the dashboard as its route pattern (`/tenants/[id]/edit`), read from the files, so
 * a page added later is checked without anyone remembering to list it. Route groups add no segment.
 */
export function dashboardRoutes(): string[] {
  const entries = readdirSync(DASHBOARD, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name === "page.tsx")
    .map((entry) => {
      const segments = relative(DASHBOARD, entry.parentPath).split(sep).filter(Boolean);
      return `/${segments.filter((segment) => !/^\(.*\)$/.test(segment)).join("/")}`;
    })
    .sort();
}
