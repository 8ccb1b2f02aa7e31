import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { defineConfig, devices } from "@playwright/test";

// E2E_PORT lets two checkouts run their browser tests side by side.
const PORT = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${PORT}`;
// Shared by the server (the launcher keeps a secret already in the environment) and the tests,
// which sign the billing events they send.
process.env.BILLING_EVENTS_SECRET ||= randomBytes(32).toString("base64url");

/** `npx playwright install` cannot download browsers here, so we drive the system Chromium. */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  const dirs = (process.env.PATH ?? "").split(delimiter).filter(Boolean);
  for (const name of ["chromium", "chromium-browser"]) {
    const found = dirs.map((dir) => join(dir, name)).find((path) => existsSync(path));
    if (found) return found;
  }
  return undefined;
}

export default defineConfig({
  testDir: "e2e",
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  workers: 2,
  reporter: "list",
  use: { baseURL, trace: "retain-on-failure" },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: chromiumPath(),
          // Without the networking flags Chromium keeps trying to reach the internet.
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    command: `rm -rf .data/e2e && node_modules/.bin/tsx scripts/dev.ts --prod --port ${PORT} --data-dir .data/e2e`,
    url: `${baseURL}/api/health/ready`,
    reuseExistingServer: false,
    // The review queue decides with rules in e2e, even where a developer has ANTHROPIC_API_KEY set;
    // urgent alerts escalate after a minute, so a test can watch one escalate.
    env: {
      ...(process.env as Record<string, string>),
      REVIEW_ENGINE: "rules",
      ALERT_ESCALATION_MINUTES: "1",
    },
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    // Without it Playwright SIGKILLs the launcher, orphaning the web app and worker it started detached.
    gracefulShutdown: { signal: "SIGTERM", timeout: 60_000 },
  },
});
