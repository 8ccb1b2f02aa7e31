import { randomBytes } from "node:crypto";
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import { signatureHeaders } from "@/lib/billing/signature";

/** The demo accounts the launcher seeds into every fresh data dir. */
export const DEMO_USERS = {
  owner: { email: "owner@steward.local", password: "steward-owner-demo" },
  reviewer: { email: "reviewer@steward.local", password: "steward-reviewer-demo" },
} as const;

export type DemoUser = keyof typeof DEMO_USERS;

/** A short random suffix so data created by parallel tests never collides. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString("hex");
}

export async function signInWithForm(page: Page, email: string, password: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export type TenantFields = {
  name: string;
  slug: string;
  plan: string;
  contactEmail: string;
  timezone: string;
};

/** Fills the new/edit tenant form. */
export async function fillTenantForm(page: Page, fields: TenantFields) {
  await page.getByLabel("Name").fill(fields.name);
  await page.getByLabel("Slug").fill(fields.slug);
  await page.getByLabel("Plan").selectOption(fields.plan);
  await page.getByLabel("Contact email").fill(fields.contactEmail);
  await page.getByLabel("Time zone").fill(fields.timezone);
}

/** Creates an API key with `scopes` through Settings, as an owner would, and returns its secret (shown once). */
export async function createApiKey(page: Page, name: string, scopes: string[]): Promise<string> {
  await page.goto("/settings/api-keys");
  await page.getByLabel("Name").fill(name);
  for (const scope of scopes) await page.getByRole("checkbox", { name: scope }).check();
  await page.getByRole("button", { name: "Create key" }).click();
  return (await page.getByTestId("new-api-key").textContent())!.trim();
}

/** Signs the page's browser context in through next-auth's credentials endpoint, skipping the form. */
export async function signInAs(page: Page, user: DemoUser): Promise<void> {
  const { email, password } = DEMO_USERS[user];
  const { csrfToken } = await (await page.request.get("/api/auth/csrf")).json();
  const response = await page.request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email, password, json: "true" },
  });
  expect(response.ok(), `sign-in as ${email}`).toBe(true);
  const cookies = await page.context().cookies();
  expect(
    cookies.some((c) => c.name.endsWith("next-auth.session-token")),
    `session cookie for ${email}`,
  ).toBe(true);
}

type Fixtures = {
  /** Signs the page's browser context in through next-auth's credentials endpoint, skipping the form. */
  signIn: (user: DemoUser) => Promise<void>;
};

export const test = base.extend<Fixtures>({
  signIn: async ({ page }, use) => {
    await use((user) => signInAs(page, user));
  },
});

export { expect };

/**
 * Reports an event as the platform's billing system would, signed with the secret the test server
 * runs with (playwright.config.ts); expects it accepted and returns its result.
 */
export async function reportBillingEvent(
  request: APIRequestContext,
  key: string,
  event: { idempotency_key: string; type: string; data: Record<string, unknown> },
) {
  const body = JSON.stringify(event);
  const response = await request.post("/api/v1/billing/events", {
    headers: {
      Authorization: `Bearer ${key}`,
      "content-type": "application/json",
      ...signatureHeaders(process.env.BILLING_EVENTS_SECRET!, body),
    },
    data: body,
  });
  expect(response.status(), await response.text()).toBe(200);
  return (await response.json()).result;
}
