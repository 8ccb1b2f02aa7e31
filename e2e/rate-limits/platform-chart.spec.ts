import { expect, test } from "../fixtures";

test("Rate limits charts every tenant's decisions per hour over the last 24 hours", async ({
  page,
  signIn,
}) => {
  await signIn("owner");
  await page.goto("/rate-limits");
  await expect(page.getByRole("heading", { name: "Decisions per hour, every tenant, 24 h" })).toBeVisible();
  const chart = page.getByTestId("platform-traffic-chart");
  // The demo seeds traffic for the last days: some hours have bars.
  await expect(chart.locator("path.recharts-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("platform-traffic-totals")).toHaveText(/^[\d,]+ allowed · [\d,]+ denied$/);
});
