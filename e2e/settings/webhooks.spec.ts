import { startWebhookReceiver } from "../../tests/setup/webhook-receiver";
import { expect, fillTenantForm, test, uniqueSuffix } from "../fixtures";

test("the owner adds an endpoint, suspends a tenant, sees the signed delivery answered 200 in the log and redelivers it", async ({
  page,
  signIn,
}) => {
  test.setTimeout(90_000);
  const secrets: string[] = [];
  const receiver = await startWebhookReceiver({ secrets: () => secrets });
  try {
    const suffix = uniqueSuffix();
    await signIn("owner");
    await page.goto("/settings/webhooks");
    const form = page.getByRole("form", { name: "Add an endpoint" });
    await form.getByLabel("URL").fill("not a url");
    await form.getByRole("button", { name: "Add endpoint" }).click();
    await expect(form.getByText("Choose at least one event type")).toBeVisible();

    // A refused form keeps what was chosen.
    await form.getByLabel("tenant.suspended").check();
    await form.getByRole("button", { name: "Add endpoint" }).click();
    // The second answer is in once the event-type message has gone (the URL one shows in both).
    await expect(form.getByText("Choose at least one event type")).toBeHidden();
    await expect(form.getByText("Enter a full URL", { exact: false })).toBeVisible();
    await expect(form.getByLabel("tenant.suspended")).toBeChecked();

    await form.getByLabel("URL").fill(receiver.url);
    await form.getByLabel("Description").fill(`E2E receiver ${suffix}`);
    await form.getByRole("button", { name: "Add endpoint" }).click();
    const secret = await page.getByTestId("new-api-key").textContent();
    expect(secret).toMatch(/^whsec_/);
    secrets.push(secret!);
    await page.getByRole("link", { name: "Open the endpoint" }).click();
    await expect(page).toHaveURL(/\/settings\/webhooks\/[^/]+$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(new URL(receiver.url).host);
    const endpointUrl = page.url();

    const tenant = {
      name: `E2E Webhook ${suffix}`,
      slug: `e2e-webhook-${suffix}`,
      plan: "pro",
      contactEmail: `hooks-${suffix}@example.test`,
      timezone: "UTC",
    };
    await page.goto("/tenants/new");
    await fillTenantForm(page, tenant);
    await page.getByRole("button", { name: "Create tenant" }).click();
    await expect(page).toHaveURL(/\/tenants\/[^/]+$/);
    await page.getByLabel("Reason for suspending").fill("Webhook check");
    await page.getByRole("button", { name: "Suspend tenant" }).click();

    // Other specs running at the same time suspend tenants too: this one's is told apart by its slug.
    const ours = () =>
      receiver.received.filter((r) => (r.payload.data.tenant as { slug: string }).slug === tenant.slug);
    await expect.poll(() => ours().length, { timeout: 20_000 }).toBe(1);
    const [message] = ours();
    expect(message.verified).toBe(true);
    expect(message.payload.type).toBe("tenant.suspended");

    await page.goto(endpointUrl);
    const row = page.getByTestId("webhook-attempt").filter({ hasText: message.id });
    // The attempt is written once the round's requests are answered: look again until it shows.
    await expect(async () => {
      await page.reload();
      await expect(row).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
    await expect(row).toContainText("tenant.suspended");
    await expect(row).toContainText("200");
    await expect(row).toContainText("#1");

    await row.getByRole("button", { name: "Redeliver" }).click();
    await expect.poll(() => ours().length, { timeout: 20_000 }).toBe(2);
    expect(ours()[1].id).toBe(message.id);
    expect(ours()[1].verified).toBe(true);
    await page.reload();
    await expect(
      page.getByTestId("webhook-attempt").filter({ hasText: message.id }).filter({ hasText: "#2" }),
    ).toContainText("200");
  } finally {
    await receiver.close();
  }
});
