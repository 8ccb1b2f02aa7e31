import { expect, test } from "../fixtures";

// The demo seeds a few failed sweeps so the failed view has something to act on.
test("the owner retries a failed demo job, and discarding another lands back on the failed list", async ({
  page,
  signIn,
}) => {
  await signIn("owner");
  await page.goto("/jobs/list?state=failed");
  await expect(page.getByRole("heading", { level: 1, name: "Failed jobs" })).toBeVisible();
  await expect(page.getByText("The billing endpoint did not answer within 10 s")).toBeVisible();

  await page.getByRole("link", { name: "retry-failed-payments" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "retry-failed-payments" })).toBeVisible();
  const state = page.locator("dl > div").filter({ hasText: "State" }).getByRole("definition");
  await expect(state).toHaveText("failed");
  await page.getByRole("button", { name: "Retry", exact: true }).click();
  // The real job runs this time, and succeeds.
  await expect(async () => {
    await page.reload();
    await expect(state).toHaveText("completed", { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  await page.goto("/jobs/list?state=failed");
  await page.getByRole("link", { name: "send-api-key-digest" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "send-api-key-digest" })).toBeVisible();
  page.once("dialog", (dialog) => dialog.accept());
  await page.getByRole("button", { name: "Discard" }).click();
  await expect(page).toHaveURL(/\/jobs\/list\?queue=health&state=failed&discarded=send-api-key-digest$/);
  await expect(page.getByRole("status")).toHaveText("Discarded a send-api-key-digest job.");
  await expect(page.getByRole("link", { name: "send-api-key-digest" })).toHaveCount(0);
});
