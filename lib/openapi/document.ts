import { createHash } from "node:crypto";
import { isoDay } from "@/lib/utc-day";
import { SCOPES_WITHOUT_OWN_LIMIT } from "@/lib/api-keys/scopes";
import { headers, parameters, responses, SCHEMA_NAMES, SECURITY_SCHEME, securitySchemes } from "./components";
import { toJsonSchema, type JsonSchema } from "./json-schema";
import { API_TAGS, apiOperations } from "./operations";
import type {
  ApiOperation,
  HttpMethod,
  OpenApiDocument,
  OpenApiMediaType,
  OpenApiOperation,
  OpenApiParameter,
  OpenApiResponse,
  RequestBody,
  ResponseSpec,
} from "./types";
import { WEBHOOK_DELIVERY_NOTES, WEBHOOK_TAG, webhookEntries } from "./webhooks";

const toJson = (schema: Parameters<typeof toJsonSchema>[0]) => toJsonSchema(schema, SCHEMA_NAMES);

/** Words for top-level fields, on each variant of a union (billing events, payment issues). */
function withFieldNotes(json: JsonSchema, notes: Record<string, string> = {}): JsonSchema {
  for (const variant of (json.oneOf ?? json.anyOf ?? []) as JsonSchema[]) withFieldNotes(variant, notes);
  const properties = json.properties as Record<string, JsonSchema> | undefined;
  for (const [field, note] of Object.entries(notes))
    if (properties?.[field]) properties[field].description ??= note;
  return json;
}

function parametersOf(operation: ApiOperation): (OpenApiParameter | { $ref: string })[] {
  const notes = operation.paramNotes ?? {};
  const fromObject = (object: ApiOperation["query"], where: "path" | "query") => {
    if (!object) return [];
    const json = toJson(object);
    const required = new Set((json.required as string[] | undefined) ?? []);
    return Object.entries(json.properties as Record<string, JsonSchema>).map(([name, schema]) => ({
      name,
      in: where,
      required: where === "path" || required.has(name),
      ...(notes[name] ? { description: notes[name] } : {}),
      schema,
    }));
  };
  return [
    ...fromObject(operation.pathParams, "path"),
    ...fromObject(operation.query, "query"),
    ...(operation.headers ?? []).map((header) => ({
      name: header.name,
      in: "header" as const,
      required: header.required ?? false,
      description: header.description,
      schema: toJson(header.schema),
      ...(header.example !== undefined ? { example: header.example } : {}),
    })),
    ...(operation.idempotencyKey ? [{ $ref: "#/components/parameters/IdempotencyKey" }] : []),
  ];
}

function requestBodyOf(body: RequestBody): OpenApiOperation["requestBody"] {
  const schema = withFieldNotes(toJson(body.schema), body.fieldNotes);
  const media: OpenApiMediaType =
    body.contentType === "application/x-ndjson"
      ? {
          // OpenAPI 3.1 cannot describe a sequence of JSON values; 3.2 calls this itemSchema.
          schema: {
            type: "string",
            description: "NDJSON: one JSON object per line, each as in x-item-schema",
          },
          "x-item-schema": schema,
          example: body.example,
        }
      : { schema, example: body.example };
  return {
    ...(body.description ? { description: body.description } : {}),
    required: true,
    content: { [body.contentType ?? "application/json"]: media },
  };
}

function responseOf(spec: ResponseSpec): OpenApiResponse | { $ref: string } {
  if (typeof spec === "string") return { $ref: `#/components/responses/${spec}` };
  return {
    description: spec.description,
    ...(spec.headers
      ? {
          headers: Object.fromEntries(
            spec.headers.map((name) => [name, { $ref: `#/components/headers/${name}` }]),
          ),
        }
      : {}),
    ...(spec.schema
      ? {
          content: {
            "application/json": {
              schema: toJson(spec.schema),
              ...(spec.example !== undefined ? { example: spec.example } : {}),
            },
          },
        }
      : {}),
  };
}

const capitalized = (word: string) => word[0].toUpperCase() + word.slice(1);

function operationOf(operation: ApiOperation, method: HttpMethod): OpenApiOperation {
  const specs = {
    ...operation.responses,
    ...(operation.scope && !SCOPES_WITHOUT_OWN_LIMIT.includes(operation.scope)
      ? { 429: "TooManyRequests" }
      : {}),
    ...(operation.neverInternalError ? {} : { 500: "InternalError" }),
  };
  const params = parametersOf(operation);
  return {
    operationId:
      operation.methods.length > 1 ? `${operation.operationId}${capitalized(method)}` : operation.operationId,
    tags: [operation.tag],
    summary: operation.summary,
    ...(operation.description ? { description: operation.description } : {}),
    security: operation.scope ? [{ [SECURITY_SCHEME]: [operation.scope] }] : [],
    ...(params.length ? { parameters: params } : {}),
    ...(operation.body ? { requestBody: requestBodyOf(operation.body) } : {}),
    responses: Object.fromEntries(Object.entries(specs).map(([status, spec]) => [status, responseOf(spec)])),
  };
}

const DESCRIPTION = `The machine API of this Steward: sync tenants in from your platform, report billing events, metrics
and payment issues, and ask for rate-limit decisions from your gateway. Steward sends its decisions back
as signed webhooks (see \`webhooks\`).

Authenticate with an API key from Settings > API keys: \`Authorization: Bearer stw_…\`. Each operation
names the scope the key needs (401 without a valid key, 403 without the scope).

Errors share one body: \`{"error": {"code", "message", "fields"}}\`, where \`fields\` maps a field's dotted
path to its messages. Bad input is a 400 that names every bad field; nothing is changed.

Each API key may make a number of requests a minute (600 unless the owner changed it in Settings > Own
limits; rate-limit decisions are not counted). Every answer carries \`RateLimit-Limit\`,
\`RateLimit-Remaining\` and \`RateLimit-Reset\`; past the limit the answer is a 429 with \`Retry-After\`.`;

/** The OpenAPI 3.1 document of every machine operation and webhook event. `now` dates the examples. */
export function buildOpenApiDocument(now = new Date()): OpenApiDocument {
  const paths: OpenApiDocument["paths"] = {};
  for (const operation of apiOperations(now))
    for (const method of operation.methods)
      (paths[operation.path] ??= {})[method] = operationOf(operation, method);
  return {
    openapi: "3.1.0",
    info: { title: "Steward API", version: "1", description: DESCRIPTION },
    jsonSchemaDialect: "https://spec.openapis.org/oas/3.1/dialect/base",
    tags: API_TAGS.map((tag) =>
      tag.name === WEBHOOK_TAG
        ? { ...tag, description: `${tag.description} ${WEBHOOK_DELIVERY_NOTES}` }
        : tag,
    ),
    paths,
    webhooks: webhookEntries(),
    components: {
      schemas: Object.fromEntries(
        [...SCHEMA_NAMES].map(([schema, name]) => [
          name,
          toJsonSchema(schema, SCHEMA_NAMES, { asComponent: true }),
        ]),
      ),
      responses,
      headers,
      parameters,
      securitySchemes,
    },
  };
}

export type PublishedDocument = { document: OpenApiDocument; json: string; etag: string };

let published: (PublishedDocument & { day: string }) | null = null;

/**
 * The document as served, built once a day: it only changes with a deploy, except for example
 * timestamps that must stay inside the metric retention window.
 */
export function publishedOpenApiDocument(now = new Date()): PublishedDocument {
  const day = isoDay(now);
  if (published?.day !== day) {
    const document = buildOpenApiDocument(new Date(`${day}T00:00:00Z`));
    const json = JSON.stringify(document);
    const etag = `"${createHash("sha256").update(json).digest("base64url").slice(0, 27)}"`;
    published = { day, document, json, etag };
  }
  return published;
}
