import type { Page } from "@playwright/test";
import { generate } from "otplib";
import { expect, signInWithForm, test, uniqueSuffix } from "../fixtures";

const PASSWORD = "lantern orbit saffron meadow";

/** The code an authenticator app would show, a time step ahead so it was not used at set-up. */
const codeFor = (secret: string, stepsAhead = 0) =>
  generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });

async function signInAskedForCode(page: Page, email: string, code: string) {
  await signInWithForm(page, email, PASSWORD);
  await expect(page.getByRole("alert").filter({ hasText: /authenticator app/ })).toBeVisible();
  await page.getByLabel("Code").fill(code);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/review$/);
}

test("a reviewer turns on two-factor sign-in, then signs in with a code and with a recovery code", async ({
  page,
  browser,
  signIn,
}) => {
  const email = `two-factor-${uniqueSuffix()}@example.test`;
  await signIn("owner");
  await page.goto("/settings/users");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Name").fill("Two Factor");
  await page.getByLabel("Role").selectOption("REVIEWER");
  await page.getByLabel("Initial password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create user" }).click();
  await expect(page.getByRole("cell", { name: email })).toBeVisible();

  const reviewer = await (await browser.newContext()).newPage();
  await signInWithForm(reviewer, email, PASSWORD);
  await expect(reviewer).toHaveURL(/\/review$/);
  await reviewer.goto("/profile");
  await reviewer.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const secret = (await reviewer.getByTestId("totp-secret").textContent())!.trim();
  await expect(reviewer.getByAltText("QR code for your authenticator app")).toBeVisible();
  await reviewer.getByLabel("Code from the app").fill(await codeFor(secret));
  await reviewer.getByRole("button", { name: "Turn on" }).click();
  await expect(reviewer.getByTestId("recovery-codes").locator("li")).toHaveCount(10);
  const recoveryCodes = (await reviewer.getByTestId("recovery-codes").locator("li").allTextContents()).map(
    (c) => c.trim(),
  );
  expect(recoveryCodes).toHaveLength(10);

  const withCode = await (await browser.newContext()).newPage();
  await signInAskedForCode(withCode, email, await codeFor(secret, 1));
  const withRecovery = await (await browser.newContext()).newPage();
  await signInAskedForCode(withRecovery, email, recoveryCodes[0]);
  await withRecovery.goto("/profile");
  await expect(withRecovery.getByTestId("two-factor-on")).toContainText("9 recovery codes left");
});
