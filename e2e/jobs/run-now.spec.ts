import { expect, test } from "../fixtures";

test("the owner runs a schedule now and follows its progress to completion", async ({ page, signIn }) => {
  await signIn("owner");
  await page.goto("/jobs");
  await expect(page.getByTestId("queue-maintenance")).toBeVisible();
  await expect(page.getByTestId("throughput-chart").locator("svg").first()).toBeVisible();

  const row = page.getByTestId("schedule-prune-expired-records");
  await row.getByRole("button", { name: "Run now" }).click();
  const progress = row.getByTestId("job-progress");
  await expect(progress.getByRole("progressbar")).toBeVisible();
  await expect(progress).toHaveAttribute("data-state", "completed", { timeout: 20_000 });
  await expect(progress).toContainText("completed · 100%");

  await progress.getByRole("link").click();
  await expect(page.getByRole("heading", { name: "prune-expired-records" })).toBeVisible();
  // Other tests' signed-out sessions may be among what it pruned.
  await expect(page.getByText(/"deleted": \d+/)).toBeVisible();
});
