import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { Validator } from "@seriousme/openapi-schema-validator";
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { GET as getDocument } from "@/app/api/v1/openapi.json/route";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { db } from "@/lib/db";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import type { JsonSchema } from "@/lib/openapi/json-schema";
import { apiOperations } from "@/lib/openapi/operations";
import { referenceModel } from "@/lib/openapi/reference-model";
import type { HttpMethod, OpenApiDocument, OpenApiMediaType, OpenApiResponse } from "@/lib/openapi/types";
import { EVENT_TYPES } from "@/lib/webhooks/event-catalogue";
import { makeUser } from "./setup/fixtures";
import { signatureHeaders } from "@/lib/billing/signature";

// Billing events are refused unsigned; read by env() on first use, below.
const BILLING_SECRET = "openapi-test-billing-secret";
process.env.BILLING_EVENTS_SECRET = BILLING_SECRET;
import { routed } from "./setup/routed";

const ROUTES_DIR = "app/api/v1";
const ROUTE_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"] as const;

// A billing event emails the tenant; an installation has its templates from the first start.
await ensureDefaultTemplates();
const { actor: owner } = await makeUser("OWNER");
const { key } = await createApiKey.execute(owner, {
  name: "integration",
  scopes: [
    "tenants:read",
    "tenants:write",
    "billing:write",
    "metrics:write",
    "payment-issues:write",
    "payment-issues:read",
    "ratelimit:check",
  ],
});
const { key: readOnlyKey } = await createApiKey.execute(owner, {
  name: "reporting",
  scopes: ["tenants:read"],
});

const served = await getDocument(new Request("http://steward.test/api/v1/openapi.json"));
const documentText = await served.clone().text();
const doc = JSON.parse(documentText) as OpenApiDocument;

// Every $ref in the document points into components; Ajv resolves them from one schema holding them all.
const BASE = "https://steward.test/openapi";
const rebased = <T>(value: T): T =>
  JSON.parse(JSON.stringify(value).replaceAll('"#/components/schemas/', `"${BASE}#/$defs/`)) as T;
const ajv = new Ajv2020({ strict: true, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: BASE, $defs: rebased(doc.components.schemas) });

function errorsOf(schema: JsonSchema, value: unknown) {
  const validate = ajv.compile(rebased(schema));
  return validate(value) ? [] : validate.errors;
}

type Operation = OpenApiDocument["paths"][string][HttpMethod] & object;

function operation(path: string, method: HttpMethod): Operation {
  const found = doc.paths[path]?.[method];
  if (!found) throw new Error(`${method.toUpperCase()} ${path} is not in the document`);
  return found;
}

const resolved = (response: OpenApiResponse | { $ref: string }): OpenApiResponse =>
  "$ref" in response ? doc.components.responses[response.$ref.split("/").pop()!] : response;

/** Asserts a real answer is one the document lists for the operation, with a body its schema accepts. */
async function expectDocumented(response: Response, path: string, method: HttpMethod) {
  const documented = operation(path, method).responses[String(response.status)];
  expect(documented, `${method.toUpperCase()} ${path} documents ${response.status}`).toBeDefined();
  const body = await response.json();
  const schema = resolved(documented).content?.["application/json"]?.schema;
  expect(schema, `a body schema for ${response.status}`).toBeDefined();
  expect(errorsOf(schema!, body), `${method.toUpperCase()} ${path} ${response.status}`).toEqual([]);
  return body;
}

const jsonBody = (path: string, method: HttpMethod) =>
  operation(path, method).requestBody!.content["application/json"];

const call = async (
  route: string,
  method: string,
  path: string,
  options: { body?: string; key?: string; contentType?: string; headers?: Record<string, string> } = {},
) => {
  const module = await import(pathToFileURL(resolve(`${route}.ts`)).href);
  // Called as Next calls it: "app/api/v1/tenants/[id]/route" reads its `id` from the path.
  return routed(
    module[method],
    route.replace(/^app/, "").replace(/\/route$/, ""),
  )(
    new Request(`http://steward.test${path}`, {
      method,
      headers: {
        authorization: `Bearer ${options.key ?? key}`,
        "content-type": options.contentType ?? "application/json",
        ...options.headers,
      },
      body: options.body,
    }),
  );
};

/** The route files under app/api/v1, each with the OpenAPI path its folder names. */
function routeFiles() {
  return readdirSync(ROUTES_DIR, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith("route.ts"))
    .map((file) => {
      const folders = file.split(/[\\/]/).slice(0, -1);
      const segments = folders.map((folder) => folder.replace(/^\[(?:\.\.\.)?(\w+)\]$/, "{$1}"));
      return { file: join(ROUTES_DIR, file), path: `/api/v1/${segments.join("/")}` };
    });
}

describe("GET /api/v1/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document by an independent validator, public and cacheable", async () => {
    expect(served.status).toBe(200);
    expect(served.headers.get("content-type")).toBe("application/json");
    expect(served.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
    expect(doc.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(documentText));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");

    const etag = served.headers.get("etag")!;
    const again = await getDocument(
      new Request("http://steward.test/api/v1/openapi.json", { headers: { "if-none-match": etag } }),
    );
    expect(again.status).toBe(304);
  });

  it("holds only valid JSON Schema 2020-12, and every example matches its schema", () => {
    const checked: string[] = [];
    const expectExample = (where: string, schema: JsonSchema, example: unknown) => {
      checked.push(where);
      expect(errorsOf(schema, example), where).toEqual([]);
    };
    const checkMedia = (where: string, media: OpenApiMediaType) => {
      ajv.compile(rebased(media.schema));
      if (media["x-item-schema"] && typeof media.example === "string")
        media.example
          .split("\n")
          .filter(Boolean)
          .forEach((line, index) =>
            expectExample(`${where} line ${index + 1}`, media["x-item-schema"]!, JSON.parse(line)),
          );
      else if (media.example !== undefined) expectExample(where, media.schema, media.example);
    };
    const operations = [
      ...Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.entries(item).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op!] as const),
      ),
      ...Object.entries(doc.webhooks).map(([type, item]) => [`webhook ${type}`, item.post] as const),
    ];
    for (const [name, op] of operations) {
      for (const [type, media] of Object.entries(op.requestBody?.content ?? {}))
        checkMedia(`${name} ${type}`, media);
      for (const [status, response] of Object.entries(op.responses))
        for (const media of Object.values(resolved(response).content ?? {}))
          checkMedia(`${name} → ${status}`, media);
      for (const parameter of op.parameters ?? [])
        if (!("$ref" in parameter) && parameter.example !== undefined)
          expectExample(`${name} ${parameter.name}`, parameter.schema, parameter.example);
    }
    for (const [name, response] of Object.entries(doc.components.responses))
      for (const media of Object.values(response.content ?? {})) checkMedia(name, media);
    expect(checked.length).toBeGreaterThan(20);
  });

  it("documents every route file under app/api/v1, method by method, with the scope and idempotency the route uses", async () => {
    const files = routeFiles();
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const { file, path } of files) {
      const module = (await import(pathToFileURL(resolve(file)).href)) as Record<string, unknown>;
      const methods = ROUTE_METHODS.filter((method) => typeof module[method] === "function");
      expect(methods.length, file).toBeGreaterThan(0);
      for (const method of methods) {
        // Next answers HEAD from GET.
        if (method === "HEAD") continue;
        expect(
          doc.paths[path]?.[method.toLowerCase() as HttpMethod],
          `${method} ${path} (${file})`,
        ).toBeDefined();
      }
      // What the source says each method needs: apiKeyRoute("<scope>", idempotent(…)).
      const source = readFileSync(file, "utf8");
      for (const [, method, scope, idempotent] of source.matchAll(
        /export const (GET|POST|PUT|PATCH|DELETE) = apiKeyRoute\(\s*"([^"]+)",\s*(idempotent\()?/g,
      )) {
        const op = operation(path, method.toLowerCase() as HttpMethod);
        expect(op.security, `${method} ${path} scope`).toEqual([{ apiKey: [scope] }]);
        const takesKey = (op.parameters ?? []).some(
          (p) => "$ref" in p && p.$ref === "#/components/parameters/IdempotencyKey",
        );
        expect(takesKey, `${method} ${path} Idempotency-Key`).toBe(Boolean(idempotent));
      }
    }
    // And nothing is documented that no route serves.
    const served = new Set(files.map((route) => route.path));
    expect(Object.keys(doc.paths).filter((path) => !served.has(path))).toEqual([]);
  });

  it("describes each request body with the route's own rules: what the route refuses, the schema refuses", () => {
    const { schema } = jsonBody("/api/v1/tenants", "post");
    const createSchema = apiOperations(new Date()).find((op) => op.operationId === "createTenant")!.body!
      .schema;
    const valid = jsonBody("/api/v1/tenants", "post").example as Record<string, unknown>;
    const bad = [
      { ...valid, name: "A" },
      { ...valid, slug: "Not a slug!" },
      { ...valid, plan: "platinum" },
      { ...valid, contact_email: "nobody" },
      { ...valid, external_id: "has space" },
      { ...valid, status: "suspended" },
      { ...valid, colour: "blue" },
      { name: valid.name, plan: valid.plan },
    ];
    for (const body of bad) {
      expect(createSchema.safeParse(body).success, JSON.stringify(body)).toBe(false);
      expect(errorsOf(schema, body), JSON.stringify(body)).not.toEqual([]);
    }
  });
});

describe("documented examples against the real routes", () => {
  it("POST, PUT, GET, PATCH /api/v1/tenants and the import accept their examples and answer as documented", async () => {
    const example = jsonBody("/api/v1/tenants", "post").example as { external_id: string };
    const created = await call("app/api/v1/tenants/route", "POST", "/api/v1/tenants", {
      body: JSON.stringify(example),
    });
    expect(created.status).toBe(201);
    const tenant = await expectDocumented(created, "/api/v1/tenants", "post");
    // Nothing answered that the reference leaves out.
    expect(Object.keys(tenant).sort()).toEqual(Object.keys(doc.components.schemas.Tenant.properties!).sort());

    const upserted = await call(
      "app/api/v1/tenants/by-external-id/[externalId]/route",
      "PUT",
      `/api/v1/tenants/by-external-id/${example.external_id}`,
      { body: JSON.stringify(jsonBody("/api/v1/tenants/by-external-id/{externalId}", "put").example) },
    );
    expect(upserted.status).toBe(200);
    await expectDocumented(upserted, "/api/v1/tenants/by-external-id/{externalId}", "put");

    const fetched = await call(
      "app/api/v1/tenants/[id]/route",
      "GET",
      `/api/v1/tenants/${example.external_id}`,
    );
    expect((await expectDocumented(fetched, "/api/v1/tenants/{id}", "get")).id).toBe(tenant.id);

    const patched = await call("app/api/v1/tenants/[id]/route", "PATCH", `/api/v1/tenants/${tenant.id}`, {
      body: JSON.stringify(jsonBody("/api/v1/tenants/{id}", "patch").example),
    });
    expect((await expectDocumented(patched, "/api/v1/tenants/{id}", "patch")).status).toBe("suspended");

    // The suspension's event is what the webhook entry describes.
    const event = await db.webhookEvent.findFirstOrThrow({
      where: { tenantId: tenant.id, type: "tenant.suspended" },
    });
    const webhook = doc.webhooks["tenant.suspended"].post.requestBody!.content["application/json"];
    expect(errorsOf(webhook.schema, event.payload)).toEqual([]);

    const listed = await call(
      "app/api/v1/tenants/route",
      "GET",
      "/api/v1/tenants?status=suspended&pageSize=10",
    );
    const page = await expectDocumented(listed, "/api/v1/tenants", "get");
    expect(Object.keys(page.data[0]).sort()).toEqual(
      Object.keys(doc.components.schemas.TenantListItem.properties!).sort(),
    );

    const ndjson = operation("/api/v1/tenants/import", "post").requestBody!.content["application/x-ndjson"];
    const imported = await call("app/api/v1/tenants/import/route", "POST", "/api/v1/tenants/import", {
      body: ndjson.example as string,
      contentType: "application/x-ndjson",
    });
    const report = await expectDocumented(imported, "/api/v1/tenants/import", "post");
    expect(report.totals).toMatchObject({ lines: 2, errors: 0 });
  });

  it("billing events, metrics, payment issues and the rate-limit check accept their examples and answer as documented", async () => {
    // The examples are about the tenant of the upsert example.
    const upsertExample = jsonBody("/api/v1/tenants/by-external-id/{externalId}", "put").example;
    const externalId = (jsonBody("/api/v1/tenants", "post").example as { external_id: string }).external_id;
    await call(
      "app/api/v1/tenants/by-external-id/[externalId]/route",
      "PUT",
      `/api/v1/tenants/by-external-id/${externalId}`,
      {
        body: JSON.stringify(upsertExample),
      },
    );
    await call("app/api/v1/tenants/[id]/route", "PATCH", `/api/v1/tenants/${externalId}`, {
      body: JSON.stringify({ status: "active", status_reason: "Back in good standing" }),
    });

    const decided = await call("app/api/v1/ratelimit/check/route", "POST", "/api/v1/ratelimit/check", {
      body: JSON.stringify(jsonBody("/api/v1/ratelimit/check", "post").example),
    });
    expect(decided.status).toBe(200);
    await expectDocumented(decided, "/api/v1/ratelimit/check", "post");

    const asked = await call(
      "app/api/v1/ratelimit/auth/route",
      "GET",
      "/api/v1/ratelimit/auth?deny_status=403",
      {
        headers: { "x-steward-tenant": "no-such-tenant", "x-steward-client-ip": "203.0.113.7" },
      },
    );
    expect(asked.status).toBe(403);
    expect((await expectDocumented(asked, "/api/v1/ratelimit/auth", "get")).reason).toBe("unknown_tenant");

    const billingBody = JSON.stringify(jsonBody("/api/v1/billing/events", "post").example);
    const billed = await call("app/api/v1/billing/events/route", "POST", "/api/v1/billing/events", {
      body: billingBody,
      headers: signatureHeaders(BILLING_SECRET, billingBody),
    });
    expect(billed.status, await billed.clone().text()).toBe(200);
    await expectDocumented(billed, "/api/v1/billing/events", "post");

    const measured = await call("app/api/v1/metrics/route", "POST", "/api/v1/metrics", {
      body: JSON.stringify(jsonBody("/api/v1/metrics", "post").example),
    });
    expect(measured.status).toBe(200);
    expect((await expectDocumented(measured, "/api/v1/metrics", "post")).points).toBe(2);

    const reported = await call("app/api/v1/payment-issues/route", "POST", "/api/v1/payment-issues", {
      body: JSON.stringify(jsonBody("/api/v1/payment-issues", "post").example),
    });
    expect(reported.status).toBe(202);
    const issue = await expectDocumented(reported, "/api/v1/payment-issues", "post");
    const read = await call(
      "app/api/v1/payment-issues/[id]/route",
      "GET",
      `/api/v1/payment-issues/${issue.id}`,
    );
    await expectDocumented(read, "/api/v1/payment-issues/{id}", "get");
  });

  it("errors have the documented shape: 400 with fields, 401 without a key, 403 without the scope", async () => {
    const invalid = await call("app/api/v1/tenants/route", "POST", "/api/v1/tenants", {
      body: JSON.stringify({ name: "A" }),
    });
    expect(invalid.status).toBe(400);
    expect((await expectDocumented(invalid, "/api/v1/tenants", "post")).error.fields).toHaveProperty("name");
    const anonymous = await call("app/api/v1/tenants/route", "POST", "/api/v1/tenants", { key: "stw_nope" });
    await expectDocumented(anonymous, "/api/v1/tenants", "post");
    expect(anonymous.status).toBe(401);
    const readOnly = await call("app/api/v1/tenants/route", "POST", "/api/v1/tenants", {
      key: readOnlyKey,
      body: "{}",
    });
    expect(readOnly.status).toBe(403);
    await expectDocumented(readOnly, "/api/v1/tenants", "post");
  });

  it("lists every webhook event type with its envelope, data and the Standard Webhooks headers", () => {
    expect(Object.keys(doc.webhooks).sort()).toEqual([...EVENT_TYPES].sort());
    for (const [type, { post }] of Object.entries(doc.webhooks)) {
      expect(post.parameters).toEqual(
        ["WebhookId", "WebhookTimestamp", "WebhookSignature"].map((name) => ({
          $ref: `#/components/parameters/${name}`,
        })),
      );
      const envelope = post.requestBody!.content["application/json"].schema;
      expect(envelope.properties).toMatchObject({ type: { const: type }, data: expect.any(Object) });
    }
  });
});

describe("the dashboard's API reference model", () => {
  const model = referenceModel(doc);
  const operations = model.tags.flatMap((tag) => tag.operations);
  const find = (path: string, method: HttpMethod) =>
    operations.find((op) => op.path === path && op.methods.includes(method))!;

  it("shows every documented operation once, grouped by tag, with its scope and fields", () => {
    const documented = Object.values(doc.paths).reduce((sum, item) => sum + Object.keys(item).length, 0);
    expect(operations.reduce((sum, op) => sum + op.methods.length, 0)).toBe(documented);
    expect(model.tags.map((tag) => tag.name)).toEqual([
      "Tenants",
      "Billing",
      "Metrics",
      "Payment issues",
      "Rate limits",
      "API description",
    ]);

    const create = find("/api/v1/tenants", "post");
    expect(create).toMatchObject({ methods: ["post"], scope: "tenants:write", summary: "Create a tenant" });
    expect(create.parameters.map((p) => p.name)).toEqual(["Idempotency-Key"]);
    const fields = create.body!.variants[0].fields;
    expect(fields.find((f) => f.name === "name")).toMatchObject({
      required: true,
      notes: expect.arrayContaining(["2–120 characters"]),
    });
    expect(fields.find((f) => f.name === "external_id")).toMatchObject({ required: false });
    expect(create.responses.map((r) => [r.status, r.errorBody])).toEqual([
      ["201", false],
      ["400", true],
      ["401", true],
      ["403", true],
      ["409", true],
      ["429", true],
      ["500", true],
    ]);

    // One entry for the six methods the gateway check answers alike; a union body shows one table per type.
    expect(find("/api/v1/ratelimit/auth", "get").methods).toEqual([
      "get",
      "post",
      "put",
      "patch",
      "delete",
      "options",
    ]);
    expect(find("/api/v1/billing/events", "post").body!.variants.map((v) => v.label)).toEqual([
      'type: "trial_started"',
      'type: "payment_succeeded"',
      'type: "payment_failed"',
      'type: "subscription_cancelled"',
    ]);
    // A body two statuses share is shown once.
    const report = find("/api/v1/payment-issues", "post").responses;
    expect(report.find((r) => r.status === "202")).toMatchObject({ sameBodyAs: "200", variants: [] });
  });

  it("shows each webhook event's data, with the envelope once", () => {
    expect(model.webhooks.map((w) => w.type)).toEqual(Object.keys(doc.webhooks));
    expect(model.webhookEnvelope[0].fields.map((f) => f.name)).toEqual([
      "type",
      "timestamp",
      "schema_version",
      "tenant_id",
      "version",
      "data",
    ]);
    const suspended = model.webhooks.find((w) => w.type === "tenant.suspended")!;
    expect(suspended.variants[0].fields.find((f) => f.name === "data.tenant.status")).toMatchObject({
      type: "string",
      notes: ['One of: "trialing", "active", "past_due", "suspended", "cancelled"'],
    });
  });
});
