import { expect, test, uniqueSuffix } from "../fixtures";

test.use({ viewport: { width: 1280, height: 800 } });

/** Three good rows and a bad one (row 4 of the file, counting the header as row 1). */
function tenantsCsv(suffix: string): string {
  return [
    "external_id,name,plan,contact_email,timezone",
    `e2e-csv-${suffix}-1,CSV Import ${suffix} One,pro,one-${suffix}@example.test,Europe/Berlin`,
    `e2e-csv-${suffix}-2,CSV Import ${suffix} Two,starter,two-${suffix}@example.test,`,
    `e2e-csv-${suffix}-3,CSV Import ${suffix} Bad,pro,not-an-email,UTC`,
    `e2e-csv-${suffix}-4,CSV Import ${suffix} Three,free,three-${suffix}@example.test,America/New_York`,
  ].join("\n");
}

/** A page fits the screen when nothing makes it scroll sideways. */
async function expectNoSidewaysScroll(page: import("@playwright/test").Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(1280);
}

test("the owner previews a CSV, imports it, watches it finish and finds a new tenant", async ({
  page,
  signIn,
}) => {
  const suffix = uniqueSuffix();
  await signIn("owner");
  await page.goto("/tenants");
  await page.getByRole("link", { name: "Import CSV" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import tenants" })).toBeVisible();

  await page.getByLabel("CSV file", { exact: true }).setInputFiles({
    name: `tenants-${suffix}.csv`,
    mimeType: "text/csv",
    buffer: Buffer.from(tenantsCsv(suffix)),
  });
  await page.getByRole("button", { name: "Preview import" }).click();

  const preview = page.getByTestId("import-preview");
  const count = (label: string) =>
    preview.getByTestId("import-counts").locator("div").filter({ hasText: label });
  await expect(count("To create")).toContainText("3");
  await expect(count("To update")).toContainText("0");
  await expect(count("Errors")).toContainText("1");
  const errors = preview.getByTestId("row-errors").getByRole("row");
  await expect(errors).toHaveCount(2); // the header and the one refused row
  await expect(errors.nth(1)).toHaveText(/^4\s*contact_email\s*Enter a valid email address$/);
  await expect(page.getByRole("region", { name: "First rows of the file" })).toContainText(
    `CSV Import ${suffix} Three`,
  );
  await expectNoSidewaysScroll(page);

  await page.getByRole("button", { name: "Start import" }).click();
  await expect(page).toHaveURL(/\/tenants\/import\/[^/]+$/);
  const progress = page.getByRole("progressbar", { name: "Import progress" });
  await expect(progress).toHaveAttribute("aria-valuenow", "100", { timeout: 30_000 });
  await expect(page.getByTestId("import-state")).toHaveText("Done: 4 of 4 rows");
  const totals = page.getByTestId("import-counts");
  await expect(totals.locator("div").filter({ hasText: "Created" })).toContainText("3");
  await expect(totals.locator("div").filter({ hasText: "Errors" })).toContainText("1");
  await expect(page.getByTestId("row-errors").getByRole("row").nth(1)).toHaveText(
    /^4\s*contact_email\s*Enter a valid email address$/,
  );
  await expectNoSidewaysScroll(page);

  await page.getByRole("link", { name: "Go to tenants" }).click();
  await page.getByLabel("Search").fill(`CSV Import ${suffix}`);
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page.getByRole("link", { name: `CSV Import ${suffix} Two` })).toBeVisible();
  await expect(
    page.getByRole("link", { name: new RegExp(`^CSV Import ${suffix} (One|Two|Three)$`) }),
  ).toHaveCount(3);
  await expect(page.getByRole("link", { name: `CSV Import ${suffix} Bad` })).toHaveCount(0);
});

test("a reviewer cannot open the import", async ({ page, signIn }) => {
  await signIn("reviewer");
  await page.goto("/tenants/import");
  await expect(page).toHaveURL(/\/forbidden$/);
});
