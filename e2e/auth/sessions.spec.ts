import type { Browser, Page } from "@playwright/test";
import { DEMO_USERS, expect, signInWithForm, test } from "../fixtures";

/** A browser of its own (own cookies), signed in as the demo reviewer through the login form. */
async function reviewerBrowser(browser: Browser, userAgent: string): Promise<Page> {
  const page = await (await browser.newContext({ userAgent })).newPage();
  await signInWithForm(page, DEMO_USERS.reviewer.email, DEMO_USERS.reviewer.password);
  await expect(page).toHaveURL(/\/review$/);
  return page;
}

test("after signing out, the old session cookie opens nothing", async ({ page, browser, signIn }) => {
  await signIn("owner");
  await page.goto("/tenants");
  await expect(page.getByRole("heading", { name: "Tenants", exact: true })).toBeVisible();
  const cookies = await page.context().cookies();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);

  const replay = await (await browser.newContext()).newPage();
  await replay.context().addCookies(cookies);
  await replay.goto("/tenants");
  await expect(replay).toHaveURL(/\/login\?callbackUrl=%2Ftenants$/);
});

test("the profile lists where one is signed in and signs another browser out", async ({ browser }) => {
  const laptop = await reviewerBrowser(browser, `Laptop-${Date.now()}`);
  const tablet = await reviewerBrowser(browser, `Tablet-${Date.now()}`);
  const tabletAgent = await tablet.evaluate(() => navigator.userAgent);

  await laptop.goto("/profile");
  const rows = laptop.getByTestId("staff-session");
  const tabletRow = rows.filter({ hasText: tabletAgent });
  await expect(rows.filter({ hasText: "This browser" })).toHaveCount(1);
  await tabletRow.getByRole("button", { name: "Sign out" }).click();
  await expect(tabletRow).toHaveCount(0);

  await tablet.goto("/review");
  await expect(tablet).toHaveURL(/\/login\?callbackUrl=%2Freview$/);
  await laptop.goto("/review");
  await expect(laptop).toHaveURL(/\/review$/);
});
