import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { expect, signInAs, test, uniqueSuffix, type DemoUser } from "../fixtures";
import { dashboardRoutes } from "./dashboard-routes";

// Every dashboard page, for both roles, on a 1280×800 laptop screen: nothing scrolls sideways, no
// console error or hydration warning, no serious or critical accessibility violation, and a page the
// role may not open answers the forbidden page with a 403.
const VIEWPORT = { width: 1280, height: 800 };
test.use({ viewport: VIEWPORT });
// The two roles side by side, each in its own browser context with the pages in sequence.
test.describe.configure({ mode: "parallel" });

/** What a reviewer may open; every other page is the owner's alone. */
const REVIEWER_PAGES = new Set(["/review", "/review/analytics", "/api-reference", "/profile"]);
/** Pages that send someone elsewhere instead of rendering: the reviewer's home is the queue. */
const REDIRECTS: Partial<Record<DemoUser, Record<string, string>>> = { reviewer: { "/": "/review" } };

/**
 * How to fill each dynamic segment with a record of the demo data: the first link to it on a list
 * page, made first through the app where the demo seeds none. Pages below a dynamic segment
 * (`/tenants/[id]/edit`) use the entry of their longest dynamic prefix.
 */
const DYNAMIC_SEGMENTS: Record<
  string,
  { list: string; link: RegExp; create?: (page: Page) => Promise<void> }
> = {
  "/anomalies/[id]": { list: "/anomalies", link: /^\/anomalies\/(?!rules$|baselines$)[^/?]+$/ },
  "/billing/trials/[id]": { list: "/billing", link: /^\/billing\/trials\/[^/?]+$/ },
  "/jobs/[id]": { list: "/jobs/list?state=completed", link: /^\/jobs\/(?!list$)[^/?]+$/ },
  "/rate-limits/[tenantId]": { list: "/rate-limits", link: /^\/rate-limits\/[^/?]+$/ },
  "/settings/email-templates/[key]": {
    list: "/settings/email-templates",
    link: /^\/settings\/email-templates\/[^/?]+$/,
  },
  "/settings/plans/[key]": { list: "/settings/plans", link: /^\/settings\/plans\/[^/?]+$/ },
  "/settings/outbox/[id]": {
    list: "/settings/outbox",
    link: /^\/settings\/outbox\/[^/?]+$/,
    create: sendTestEmail,
  },
  "/settings/webhooks/[id]": {
    list: "/settings/webhooks",
    link: /^\/settings\/webhooks\/[^/?]+$/,
    create: addWebhookEndpoint,
  },
  "/tenants/[id]": { list: "/tenants", link: /^\/tenants\/(?!new$|import$)[^/?]+$/ },
  "/tenants/import/[id]": { list: "/tenants/import", link: /^\/tenants\/import\/[^/?]+$/, create: importCsv },
};

async function sendTestEmail(page: Page) {
  await page.goto("/settings/email-templates");
  await page.getByRole("link", { name: "Trial welcome" }).click();
  await page.getByRole("button", { name: "Send the saved version to me" }).click();
  await expect(page.getByText("Queued. See Settings › Email log.")).toBeVisible();
}

async function addWebhookEndpoint(page: Page) {
  await page.goto("/settings/webhooks");
  const form = page.getByRole("form", { name: "Add an endpoint" });
  await form.getByLabel("URL").fill(`http://127.0.0.1:9/every-page-${uniqueSuffix()}`);
  await form.getByLabel("tenant.suspended").check();
  await form.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByRole("link", { name: "Open the endpoint" })).toBeVisible();
}

async function importCsv(page: Page) {
  const suffix = uniqueSuffix();
  await page.goto("/tenants/import");
  await page.getByLabel("CSV file", { exact: true }).setInputFiles({
    name: `every-page-${suffix}.csv`,
    mimeType: "text/csv",
    buffer: Buffer.from(
      `external_id,name,plan,contact_email\nevery-page-${suffix},Every Page ${suffix},pro,ep-${suffix}@example.test\n`,
    ),
  });
  await page.getByRole("button", { name: "Preview import" }).click();
  await page.getByRole("button", { name: "Start import" }).click();
  await expect(page).toHaveURL(/\/tenants\/import\/[^/]+$/);
}

/** The first href on `list` that matches `link`, polled while the worker catches up. */
async function firstLink(page: Page, list: string, link: RegExp): Promise<string | undefined> {
  await page.goto(list);
  const hrefs = await page
    .locator("a[href]")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  return hrefs.find((href) => link.test(href));
}

/** Fills every dynamic segment from the demo data, as an owner; fails naming a segment with no entry. */
async function resolvePaths(page: Page, routes: string[]): Promise<string[]> {
  const filled = new Map<string, string>();
  for (const [pattern, { list, link, create }] of Object.entries(DYNAMIC_SEGMENTS)) {
    if (!routes.some((route) => route === pattern || route.startsWith(`${pattern}/`))) continue;
    let href = await firstLink(page, list, link);
    if (!href && create) {
      await create(page);
      await expect(async () => {
        href = await firstLink(page, list, link);
        expect(href, `a link to ${pattern} on ${list}`).toBeDefined();
      }).toPass({ timeout: 20_000 });
    }
    expect(href, `the demo data has a link to ${pattern} on ${list}`).toBeDefined();
    filled.set(pattern, href!);
  }
  return routes.map((route) => {
    if (!route.includes("[")) return route;
    const prefix = [...filled.keys()]
      .filter((pattern) => route === pattern || route.startsWith(`${pattern}/`))
      .sort((a, b) => b.length - a.length)[0];
    const rest = prefix ? route.slice(prefix.length) : route;
    expect(
      prefix && !rest.includes("["),
      `${route} has a dynamic segment with no entry in DYNAMIC_SEGMENTS of e2e/layout/every-page.spec.ts: add one`,
    ).toBeTruthy();
    return filled.get(prefix!)! + rest;
  });
}

// axe-core injects itself into every frame, and an inert (sandboxed) email preview refuses it, which
// Chromium logs as an error: that one is the scan's, not the page's.
const SCANNER_NOISE = /^Blocked script execution in 'about:srcdoc'/;

/** Console errors, uncaught exceptions and hydration warnings of one page visit. */
function watchConsole(page: Page): () => string[] {
  let problems: string[] = [];
  page.on("console", (message) => {
    const text = message.text();
    if (SCANNER_NOISE.test(text)) return;
    if (message.type() === "error" || /hydrat/i.test(text))
      problems.push(`console ${message.type()}: ${text}`);
  });
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  return () => {
    const seen = problems;
    problems = [];
    return seen;
  };
}

async function checkEveryPage(page: Page, role: DemoUser, paths: string[]) {
  const problemsSince = watchConsole(page);
  const failures: string[] = [];
  for (const path of paths) {
    const forbidden =
      path === "/forbidden" || (role === "reviewer" && !REVIEWER_PAGES.has(path.split("?")[0]));
    const redirect = REDIRECTS[role]?.[path];
    const response = await page.goto(path);
    const problems: string[] = [];
    if (redirect) {
      if (new URL(page.url()).pathname !== redirect)
        problems.push(`should go to ${redirect}, went to ${page.url()}`);
    } else if (forbidden) {
      if (response?.status() !== 403) problems.push(`should answer 403, answered ${response?.status()}`);
    } else if (response?.status() !== 200) {
      problems.push(`answered ${response?.status()}`);
    }
    const heading = page.getByRole("heading", { level: 1 }).first();
    if (!(await heading.isVisible())) problems.push("no visible h1");
    if (forbidden && !redirect && !(await page.getByText("You don’t have access to this page").isVisible()))
      problems.push("does not show the forbidden page");
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    if (scrollWidth > innerWidth) problems.push(`scrolls sideways: ${scrollWidth} px > ${innerWidth} px`);
    // A sandboxed iframe (an email's HTML, shown inert) runs no script: axe waits on it forever, even
    // told to skip frames. Its contents are the email, not the page, so the frame leaves before the scan.
    await page.evaluate(() =>
      document.querySelectorAll("iframe[sandbox]").forEach((frame) => frame.remove()),
    );
    const { violations } = await new AxeBuilder({ page }).options({ iframes: false }).analyze();
    for (const v of violations.filter((v) => v.impact === "serious" || v.impact === "critical"))
      problems.push(
        `axe ${v.impact} ${v.id} (${v.nodes.length}): ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(", ")}`,
      );
    // A 403 document is itself logged by Chromium as a failed resource; that one is expected.
    const logged = problemsSince().filter((p) => !(forbidden && /status of 403/.test(p)));
    problems.push(...logged);
    if (problems.length) failures.push(`${role} ${path}\n    ${problems.join("\n    ")}`);
  }
  expect(failures, failures.join("\n")).toEqual([]);
}

for (const role of ["owner", "reviewer"] as const) {
  test(`every dashboard page fits 1280×800 and passes its checks as the ${role}`, async ({
    page,
    browser,
  }) => {
    test.setTimeout(600_000);
    const resolver = await browser.newPage({ viewport: VIEWPORT });
    await signInAs(resolver, "owner");
    const paths = await resolvePaths(resolver, dashboardRoutes());
    await resolver.close();
    await signInAs(page, role);
    await checkEveryPage(page, role, paths);
  });
}
