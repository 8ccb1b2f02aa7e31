import { expect, test } from "../fixtures";

test("the overview shows the inbox, the 30-day trends and a running worker", async ({ page, signIn }) => {
  await signIn("owner");
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Needs you" })).toBeVisible();
  await expect(page.getByText("New tenants (30 days)")).toBeVisible();
  await expect(page.getByTestId("trend-newTenants").locator("svg path.recharts-rectangle")).not.toHaveCount(
    0,
  );

  // The worker records its first heartbeat when it starts, which may be just after the web app.
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId("worker-status")).toHaveText("Running", { timeout: 1_000 });
  }).toPass({ timeout: 20_000, intervals: [1_000, 2_000] });
});
