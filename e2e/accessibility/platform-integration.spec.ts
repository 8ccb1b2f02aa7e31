import AxeBuilder from "@axe-core/playwright";
import { expect, test, uniqueSuffix } from "../fixtures";

// The pages of the platform integration, at a 1280×800 laptop screen: no sideways scrolling and no
// accessibility violations (WCAG 2.1 A and AA rules of axe-core).
test.use({ viewport: { width: 1280, height: 800 } });

test("Webhooks, an endpoint, the CSV import and the API reference fit the screen and pass an accessibility scan", async ({
  page,
  signIn,
}) => {
  test.setTimeout(90_000);
  await signIn("owner");
  await page.goto("/settings/webhooks");
  const form = page.getByRole("form", { name: "Add an endpoint" });
  await form.getByLabel("URL").fill(`http://127.0.0.1:9/a11y-${uniqueSuffix()}`);
  await form.getByLabel("tenant.suspended").check();
  await form.getByRole("button", { name: "Add endpoint" }).click();
  await page.getByRole("link", { name: "Open the endpoint" }).click();
  await expect(page).toHaveURL(/\/settings\/webhooks\/[^/]+$/);
  const endpointPath = new URL(page.url()).pathname;

  for (const path of ["/settings/webhooks", endpointPath, "/tenants/import", "/api-reference"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, `${path} scrolls sideways`).toBeLessThanOrEqual(1280);
    const { violations } = await new AxeBuilder({ page })
      .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
      .analyze();
    expect(
      violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
      `${path} accessibility`,
    ).toEqual([]);
  }
});
