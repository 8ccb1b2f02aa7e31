import type { z } from "zod";
import type { ApiKeyScope } from "@/lib/api-keys/scopes";
import type { JsonSchema } from "./json-schema";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete" | "options";

/** A header a request carries (beyond Authorization, which the security scheme describes). */
export type RequestHeader = {
  name: string;
  description: string;
  required?: boolean;
  schema: z.ZodType;
  example?: string;
};

/** A response: its own description and body, or the name of a shared one in components.responses. */
export type ResponseSpec =
  | string
  | {
      description: string;
      schema?: z.ZodType;
      /** Names of components.headers the response may carry. */
      headers?: string[];
      example?: unknown;
    };

export type RequestBody = {
  description?: string;
  /** The route's own schema of the body (or, for NDJSON, of one line). */
  schema: z.ZodType;
  /** Default application/json; NDJSON bodies are described line by line. */
  contentType?: "application/json" | "application/x-ndjson";
  /** What an integrator would send; the tests check the route accepts it. JSON value, or NDJSON text. */
  example: unknown;
  /** Words for top-level fields, shown next to their type and rules. */
  fieldNotes?: Record<string, string>;
};

/**
 * One machine operation as the reference documents it, declared next to the schemas its route
 * validates with. `methods` lists more than one where a route answers several alike (the auth check
 * answers whatever method the gateway forwards).
 */
export type ApiOperation = {
  methods: HttpMethod[];
  /** OpenAPI path template: `/api/v1/tenants/{id}`. */
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description?: string;
  /** The API key scope the operation needs; null for a public operation. */
  scope: ApiKeyScope | null;
  /** Honours the Idempotency-Key header (see app/_server/idempotent.ts). */
  idempotencyKey?: boolean;
  pathParams?: z.ZodObject;
  query?: z.ZodObject;
  /** Words for path and query parameters. */
  paramNotes?: Record<string, string>;
  headers?: RequestHeader[];
  body?: RequestBody;
  responses: Record<string, ResponseSpec>;
  /** The route answers every failure itself, so no 500 is documented (gateway decisions). */
  neverInternalError?: boolean;
};

/** The parts of an OpenAPI 3.1 document this project writes and the reference page reads. */
export type OpenApiParameter = {
  name: string;
  in: "path" | "query" | "header";
  description?: string;
  required?: boolean;
  schema: JsonSchema;
  example?: unknown;
};

export type OpenApiMediaType = { schema: JsonSchema; example?: unknown; "x-item-schema"?: JsonSchema };

export type OpenApiResponse = {
  description: string;
  headers?: Record<string, { $ref: string } | OpenApiHeader>;
  content?: Record<string, OpenApiMediaType>;
};

export type OpenApiHeader = { description: string; required?: boolean; schema: JsonSchema };

export type OpenApiOperation = {
  operationId: string;
  tags: string[];
  summary: string;
  description?: string;
  security?: Record<string, string[]>[];
  parameters?: (OpenApiParameter | { $ref: string })[];
  requestBody?: { description?: string; required: boolean; content: Record<string, OpenApiMediaType> };
  responses: Record<string, OpenApiResponse | { $ref: string }>;
};

export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  jsonSchemaDialect: string;
  tags: { name: string; description: string }[];
  paths: Record<string, Partial<Record<HttpMethod, OpenApiOperation>>>;
  webhooks: Record<string, { post: OpenApiOperation }>;
  components: {
    schemas: Record<string, JsonSchema>;
    responses: Record<string, OpenApiResponse>;
    headers: Record<string, OpenApiHeader>;
    parameters: Record<string, OpenApiParameter>;
    securitySchemes: Record<string, { type: "http"; scheme: "bearer"; description: string }>;
  };
};
