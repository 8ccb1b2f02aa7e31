import { expect, test } from "../fixtures";

const PAGES = [
  "/login",
  "/",
  "/tenants",
  "/anomalies",
  "/billing",
  "/rate-limits",
  "/api-reference",
  "/settings/webhooks",
];

test("pages carry a per-request script nonce policy and the browser hardening headers", async ({
  request,
}) => {
  const first = await request.get("/login");
  const second = await request.get("/login");
  const policy = first.headers()["content-security-policy"];
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).not.toContain("unsafe-eval");
  expect(second.headers()["content-security-policy"]).not.toBe(policy);
  const nonce = policy.match(/'nonce-([^']+)'/)![1];
  expect(await first.text()).toContain(`nonce="${nonce}"`);
  for (const response of [first, await request.get("/api/health")])
    expect(response.headers()).toMatchObject({
      "x-content-type-options": "nosniff",
      "referrer-policy": "strict-origin-when-cross-origin",
      "x-frame-options": "DENY",
    });
});

test("no page breaks the policy: every script runs, nothing is reported", async ({ page, signIn }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await signIn("owner");
  for (const path of PAGES.filter((p) => p !== "/login")) {
    await page.goto(path);
    await page.waitForLoadState("networkidle");
  }
  // A client component that only renders after hydration proves the scripts ran.
  await expect(page.getByTestId("signed-in-as")).toBeVisible();
  expect(violations).toEqual([]);
});

test("a server action body over the limit is refused with 413, not a 500", async ({ request }) => {
  const response = await request.post("/tenants/import", {
    headers: { "next-action": "0".repeat(42), "content-type": "text/plain" },
    data: "x".repeat(10 * 1024 * 1024),
  });
  expect(response.status()).toBe(413);
  expect((await response.json()).error.code).toBe("TOO_LARGE");
});
