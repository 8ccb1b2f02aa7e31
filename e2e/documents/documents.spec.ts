import type { Page } from "@playwright/test";
import { expect, fillTenantForm, test, uniqueSuffix } from "../fixtures";

const DAY = 86_400_000;
/** A last valid day `days` from today, as the server counts days: in UTC. */
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

/** Creates a tenant through the form and opens its Health tab. */
async function openNewTenantHealth(page: Page, label: string) {
  const suffix = uniqueSuffix();
  const tenant = {
    name: `E2E ${label} ${suffix}`,
    slug: `e2e-${label.toLowerCase()}-${suffix}`,
    plan: "pro",
    contactEmail: `docs-${suffix}@example.test`,
    timezone: "UTC",
  };
  await page.goto("/tenants/new");
  await fillTenantForm(page, tenant);
  await page.getByRole("button", { name: "Create tenant" }).click();
  await expect(page.getByRole("heading", { level: 1, name: tenant.name })).toBeVisible();
  await page.getByRole("navigation", { name: "Tenant" }).getByRole("link", { name: "Health" }).click();
  await expect(page).toHaveURL(/\/tenants\/[^/]+\/health$/);
  return { ...tenant, suffix, healthUrl: page.url() };
}

async function fillDocument(
  form: ReturnType<Page["getByRole"]>,
  fields: { title: string; expiresOn: string },
) {
  await form.getByLabel("Title").fill(fields.title);
  await form.getByLabel("Expires on").fill(fields.expiresOn);
}

test("an uploaded document due in 10 days gets the 14-day warning, by email to the tenant and the owners and on its Health tab", async ({
  page,
  signIn,
}) => {
  // Five pages and a worker job: more than the default 30 s on a busy machine.
  test.setTimeout(120_000);
  await signIn("owner");
  const tenant = await openNewTenantHealth(page, "Docs");
  const title = `TLS ${tenant.suffix}`;

  const upload = page.getByRole("form", { name: "Add a document" });
  await upload.getByLabel("Type", { exact: true }).selectOption({ label: "Certificate" });
  await fillDocument(upload, { title, expiresOn: inDays(10) });
  await upload
    .getByLabel("File", { exact: true })
    .setInputFiles({ name: "certificate.pdf", mimeType: "application/pdf", buffer: PDF });
  await upload.getByRole("button", { name: "Add document" }).click();
  await expect(upload.getByRole("status")).toHaveText("Document added.");
  const document = page.getByTestId("document").filter({ hasText: title });
  await expect(document).toContainText("expires in 10 days");
  await expect(document).toContainText("No warning sent yet.");

  // The file comes back as an attachment under its own name, never rendered by the browser.
  const download = await page.request.get(
    (await document.getByRole("link", { name: "certificate.pdf" }).getAttribute("href"))!,
  );
  expect(download.status()).toBe(200);
  expect(download.headers()).toMatchObject({
    "content-type": "application/pdf",
    "x-content-type-options": "nosniff",
  });
  expect(download.headers()["content-disposition"]).toBe(
    `attachment; filename="certificate.pdf"; filename*=UTF-8''certificate.pdf`,
  );
  expect(Buffer.from(await download.body()).equals(PDF)).toBe(true);

  await page.goto(`/documents?view=expiring&q=${tenant.slug}`);
  const listed = page.getByTestId("document-row");
  await expect(listed).toHaveCount(1);
  await expect(listed).toContainText(`Certificate '${title}'`);
  await expect(listed).toContainText("expires in 10 days");

  await page.goto("/jobs");
  const check = page.getByTestId("schedule-check-document-expiry");
  await check.getByRole("button", { name: "Run now" }).click();
  await expect(check.getByTestId("job-progress")).toHaveAttribute("data-state", "completed", {
    timeout: 60_000,
  });

  // Other specs' mail shares the outbox: this tenant's is found by the document's unique title.
  const toContact = page
    .getByRole("row")
    .filter({ hasText: `Your Certificate '${title}' expires in 10 days` });
  const toOwners = page
    .getByRole("row")
    .filter({ hasText: `${tenant.name}: Certificate '${title}' expires in 10 days` });
  await expect(async () => {
    await page.goto("/settings/outbox");
    await expect(toContact).toHaveCount(1, { timeout: 1_000 });
    await expect(toOwners.first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
  await expect(toContact).toContainText(tenant.contactEmail);
  await expect(toOwners.filter({ hasText: "owner@steward.local" })).toHaveCount(1);

  await page.goto(tenant.healthUrl);
  await expect(document.getByTestId("document-warning")).toHaveCount(1);
  await expect(document.getByTestId("document-warning")).toContainText(
    /^14-day warning sent .+ \(10 days left\) · open$/,
  );
});

test("a file of the wrong kind is refused next to the file field; a metadata-only document is renewed and kept as history", async ({
  page,
  signIn,
}) => {
  await signIn("owner");
  const tenant = await openNewTenantHealth(page, "Renewal");
  const upload = page.getByRole("form", { name: "Add a document" });
  await upload.getByLabel("Type", { exact: true }).selectOption({ label: "Data processing agreement" });
  await expect(upload.getByLabel(/^Required/)).toBeChecked();
  await fillDocument(upload, { title: `DPA 2025 ${tenant.suffix}`, expiresOn: inDays(100) });

  await upload.getByLabel("File", { exact: true }).setInputFiles({
    name: "setup.exe",
    mimeType: "application/octet-stream",
    buffer: Buffer.from("MZ\x90\x00 not a document"),
  });
  await upload.getByRole("button", { name: "Add document" }).click();
  await expect(upload.locator("#upload-file-error")).toHaveText(
    "Only PDF, PNG, JPEG, PEM certificate files are accepted (not .exe).",
  );
  await expect(upload.getByLabel("File", { exact: true })).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText("No documents recorded yet.")).toBeVisible();

  await upload.getByLabel("File", { exact: true }).setInputFiles([]);
  await upload.getByRole("button", { name: "Add document" }).click();
  const document = page.getByTestId("document");
  await expect(document).toHaveCount(1);
  await expect(document).toContainText(`Data processing agreement 'DPA 2025 ${tenant.suffix}'`);
  await expect(document).toContainText("required");
  await expect(document).toContainText("metadata only");
  await expect(document).toContainText("valid");

  await document.getByText("Renew…").click();
  const renew = page.getByRole("form", { name: /^Renew / });
  await fillDocument(renew, { title: `DPA 2026 ${tenant.suffix}`, expiresOn: inDays(465) });
  await renew.getByRole("button", { name: "Renew" }).click();
  await expect(document).toContainText(`Data processing agreement 'DPA 2026 ${tenant.suffix}'`);
  const history = document.getByTestId("document-history");
  await expect(history).toContainText(`DPA 2025 ${tenant.suffix}`);
  await expect(history).toContainText("replaced");
  await expect(history).toContainText(inDays(100));
});

test("a reviewer cannot open the Documents page, a Health tab or the document routes", async ({
  page,
  signIn,
}) => {
  await signIn("reviewer");
  for (const path of ["/documents", "/tenants/any/health"]) {
    await page.goto(path);
    await expect(page.getByRole("heading", { name: "You don’t have access to this page" })).toBeVisible();
  }
  expect(
    (
      await page.request.post("/api/tenants/any/documents", {
        multipart: { type: "contract", title: "Refused", expiresOn: inDays(30) },
      })
    ).status(),
  ).toBe(403);
  expect(
    (
      await page.request.post("/api/documents/any/renew", {
        multipart: { title: "Refused", expiresOn: inDays(30) },
      })
    ).status(),
  ).toBe(403);
  expect((await page.request.get("/api/documents/any/file")).status()).toBe(403);
});
