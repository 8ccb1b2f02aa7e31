import { DEMO_USERS, expect, signInWithForm, test, uniqueSuffix } from "../fixtures";

test("a wrong password shows an error and stays on the login page", async ({ page }) => {
  // An unknown email, so the lockout never touches the demo accounts.
  await signInWithForm(page, `nobody-${uniqueSuffix()}@example.test`, "not-the-password");
  // Next's route announcer is a second, empty role=alert on every page.
  await expect(page.getByRole("alert").filter({ hasText: /\S/ })).toHaveText(
    "Email or password is incorrect.",
  );
  await expect(page).toHaveURL(/\/login$/);
});

test("a signed-out visit goes to the login page and, once signed in, back to the page asked for", async ({
  page,
}) => {
  await page.goto("/documents?type=dpa");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fdocuments%3Ftype%3Ddpa$/);
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await page.getByLabel("Email").fill(DEMO_USERS.owner.email);
  await page.getByLabel("Password").fill(DEMO_USERS.owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/documents\?type=dpa$/);
  await expect(page.getByRole("heading", { name: "Documents", exact: true })).toBeVisible();
});

test("a login link that points off the site signs in to the overview instead", async ({ page }) => {
  await page.goto("/login?callbackUrl=%2F%2Fevil.example%2Fsteal");
  await page.getByLabel("Email").fill(DEMO_USERS.owner.email);
  await page.getByLabel("Password").fill(DEMO_USERS.owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/^http:\/\/[^/]+\/$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(DEMO_USERS.owner.email);
});

test("a reviewer lands on the review queue and cannot open tenants", async ({ page }) => {
  const { email, password } = DEMO_USERS.reviewer;
  await signInWithForm(page, email, password);
  await expect(page).toHaveURL(/\/review$/);
  const nav = page.getByRole("navigation", { name: "Main" });
  await expect(nav.getByRole("link", { name: "Review queue" })).toBeVisible();
  await expect(nav.getByRole("link", { name: "Tenants" })).toHaveCount(0);

  await page.goto("/tenants");
  await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
});

test("the owner can sign out", async ({ page, signIn }) => {
  await signIn("owner");
  await page.goto("/");
  await expect(page.getByTestId("signed-in-as")).toHaveText(DEMO_USERS.owner.email);
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login$/);
  await page.goto("/tenants");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Ftenants$/);
});

test("a callback path that a browser would read as another host stays on this site", async ({ page }) => {
  await page.goto("/login?callbackUrl=/.//evil.example/steal");
  await page.getByLabel("Email").fill(DEMO_USERS.owner.email);
  await page.getByLabel("Password").fill(DEMO_USERS.owner.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  // "/.//evil.example/steal" is "//evil.example/steal" once normalised: followed as is, it leaves.
  await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/evil\.example\/steal$/);
});

test.describe("before any script has run", () => {
  test.use({ javaScriptEnabled: false });

  test("the login form posts, and the password never appears in a URL", async ({ page }) => {
    const password = `typed-${uniqueSuffix()}`;
    const sent: { method: string; url: string }[] = [];
    page.on("request", (request) => sent.push({ method: request.method(), url: request.url() }));
    await page.goto("/login");
    await page.getByLabel("Email").fill(`nobody-${uniqueSuffix()}@example.test`);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForLoadState();
    expect(sent.filter((r) => r.url.endsWith("/login") && r.method === "POST")).toHaveLength(1);
    expect(sent.filter((r) => r.url.includes(password) || r.url.includes("password="))).toEqual([]);
  });
});
