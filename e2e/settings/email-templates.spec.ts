import { expect, test, uniqueSuffix } from "../fixtures";

test("the owner rewords a template with a live preview, is refused an unknown variable, and finds a test send in the outbox", async ({
  page,
  signIn,
}) => {
  const marker = uniqueSuffix();
  await signIn("owner");
  await page.goto("/settings/email-templates");
  await page.getByRole("link", { name: "Trial ends tomorrow" }).click();

  const subject = page.getByLabel("Subject");
  await subject.fill(`Last day ${marker} for {{tenantName}}`);
  await expect(page.getByTestId("preview-subject")).toHaveText(`Last day ${marker} for Acme Analytics`);
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();

  await subject.fill("Last day for {{tenantName}} {{coupon}}");
  await expect(page.getByText("Fix the highlighted fields to see the preview.")).toBeVisible();
  await page.getByRole("button", { name: "Save template" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "The template uses variables it does not have." }),
  ).toBeVisible();
  await expect(page.getByText(/Unknown variable \{\{coupon\}\}/)).toBeVisible();

  await page.getByRole("button", { name: "Send the saved version to me" }).click();
  await expect(page.getByText("Queued. See Settings › Email log.")).toBeVisible();
  await expect(async () => {
    await page.goto("/settings/outbox");
    await expect(page.getByRole("link", { name: `Last day ${marker} for Acme Analytics` })).toBeVisible({
      timeout: 1_000,
    });
  }).toPass({ timeout: 20_000 });
  await page.getByRole("link", { name: `Last day ${marker} for Acme Analytics` }).click();
  await expect(page.getByTestId("outbox-text")).toContainText("your trial ends tomorrow");
});
