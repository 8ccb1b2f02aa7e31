// The OpenAPI document as the dashboard's API reference shows it: operations grouped by tag, each
// schema flattened into rows of fields (dotted paths) that a table can show without a client bundle.
import type { JsonSchema } from "./json-schema";
import type {
  HttpMethod,
  OpenApiDocument,
  OpenApiMediaType,
  OpenApiOperation,
  OpenApiParameter,
  OpenApiResponse,
} from "./types";

export type SchemaField = { name: string; type: string; required: boolean; notes: string[] };
/** A body's fields; a union (billing events by type) has one variant per member. */
export type SchemaVariant = { label: string | null; fields: SchemaField[] };

export type ReferenceParameter = {
  name: string;
  in: string;
  type: string;
  required: boolean;
  notes: string[];
};
export type ReferenceBody = {
  contentType: string;
  description?: string;
  variants: SchemaVariant[];
  example?: string;
};
export type ReferenceResponse = {
  status: string;
  description: string;
  headers: { name: string; description: string }[];
  /** Empty for the shared error answers, whose body (the error body) is shown once. */
  variants: SchemaVariant[];
  /** One of the shared error answers (components.responses): its body is the error body. */
  errorBody: boolean;
  /** An earlier status of the same operation whose body this one shares (shown once). */
  sameBodyAs: string | null;
};
export type ReferenceOperation = {
  id: string;
  methods: HttpMethod[];
  path: string;
  summary: string;
  description?: string;
  scope: string | null;
  parameters: ReferenceParameter[];
  body: ReferenceBody | null;
  responses: ReferenceResponse[];
};
export type ReferenceTag = { name: string; description: string; operations: ReferenceOperation[] };
export type ReferenceWebhook = { type: string; description: string; variants: SchemaVariant[] };

/** Nesting shown before a field is summed up by its type: deep enough for every schema here. */
const MAX_DEPTH = 4;

const lastSegment = (ref: string) => ref.split("/").pop()!;

function resolver(document: OpenApiDocument) {
  return function resolve<T>(value: T | { $ref: string }): T {
    if (!value || typeof value !== "object" || !("$ref" in value)) return value as T;
    const [, , section, name] = value.$ref.split("/");
    const components = document.components as unknown as Record<string, Record<string, unknown>>;
    return resolve(components[section][name] as T | { $ref: string });
  };
}

function constraintsOf(schema: JsonSchema): string[] {
  const notes: string[] = [];
  const { minLength, maxLength, minimum, maximum, exclusiveMinimum, minItems, maxItems } = schema as Record<
    string,
    number | undefined
  >;
  if (Array.isArray(schema.enum))
    notes.push(`One of: ${schema.enum.map((v) => JSON.stringify(v)).join(", ")}`);
  if (schema.const !== undefined) notes.push(`Always ${JSON.stringify(schema.const)}`);
  if (minLength !== undefined && maxLength !== undefined) notes.push(`${minLength}–${maxLength} characters`);
  else if (maxLength !== undefined) notes.push(`At most ${maxLength} characters`);
  else if (minLength !== undefined) notes.push(`At least ${minLength} characters`);
  if (exclusiveMinimum !== undefined) notes.push(`Greater than ${exclusiveMinimum}`);
  if (minimum !== undefined) notes.push(`At least ${minimum}`);
  if (maximum !== undefined) notes.push(`At most ${maximum}`);
  if (minItems !== undefined) notes.push(`At least ${minItems} items`);
  if (maxItems !== undefined) notes.push(`At most ${maxItems} items`);
  if (typeof schema.pattern === "string") notes.push(`Pattern ${schema.pattern}`);
  if (schema.default !== undefined) notes.push(`Default ${JSON.stringify(schema.default)}`);
  return notes;
}

/**
 * Flattens schemas into rows. `$ref`s are followed (the reader should not have to look elsewhere),
 * objects nest as `parent.child`, arrays of objects as `parent[].child`, and `X or null` is one row.
 */
export function schemaReader(document: OpenApiDocument) {
  const resolve = resolver(document);

  function typeOf(raw: JsonSchema): string {
    const schema = resolve(raw);
    const members = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
    if (members) return [...new Set(members.map(typeOf))].join(" or ");
    const type = Array.isArray(schema.type) ? schema.type.join(" or ") : (schema.type as string | undefined);
    if (type === "array") return `array of ${schema.items ? typeOf(schema.items as JsonSchema) : "anything"}`;
    if (type === "object" && !schema.properties && schema.additionalProperties)
      return `map of ${typeof schema.additionalProperties === "object" && Object.keys(schema.additionalProperties).length ? typeOf(schema.additionalProperties as JsonSchema) : "anything"}`;
    if (schema.const !== undefined) return typeof schema.const;
    const format = typeof schema.format === "string" ? ` (${schema.format})` : "";
    return `${type ?? "any"}${format}`;
  }

  const objectMembers = (schema: JsonSchema) =>
    (((schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined) ?? [])
      .map((member) => resolve(member))
      .filter((member) => member.properties);

  function fieldsOf(raw: JsonSchema, prefix: string, depth: number): SchemaField[] {
    const schema = resolve(raw);
    if (!schema.properties) {
      // A nested union of objects: every member's fields under the same prefix, required only
      // where every member requires them.
      const members = objectMembers(schema).map((member) => fieldsOf(member, prefix, depth));
      const merged = new Map<string, SchemaField>();
      for (const field of members.flat()) {
        const inAll = members.every((fields) => fields.some((f) => f.name === field.name && f.required));
        if (!merged.has(field.name)) merged.set(field.name, { ...field, required: inAll });
      }
      return [...merged.values()];
    }
    const required = new Set((schema.required as string[] | undefined) ?? []);
    return Object.entries(schema.properties as Record<string, JsonSchema>).flatMap(([key, rawChild]) => {
      const child = resolve(rawChild);
      const name = `${prefix}${key}`;
      const nonNull = ((child.anyOf as JsonSchema[] | undefined) ?? []).filter(
        (member) => resolve(member).type !== "null",
      );
      const inner = nonNull.length === 1 ? resolve(nonNull[0]) : child;
      const items = inner.type === "array" && inner.items ? resolve(inner.items as JsonSchema) : null;
      const shapes = objectMembers(inner).length;
      const row: SchemaField = {
        name,
        type: shapes > 1 ? `one of ${shapes} objects` : typeOf(child),
        required: required.has(key),
        notes: [
          ...((rawChild.description ?? child.description)
            ? [String(rawChild.description ?? child.description)]
            : []),
          ...constraintsOf(inner),
        ],
      };
      if (depth >= MAX_DEPTH) return [row];
      if (inner.properties || objectMembers(inner).length)
        return [row, ...fieldsOf(inner, `${name}.`, depth + 1)];
      if (items && (items.properties || objectMembers(items).length))
        return [row, ...fieldsOf(items, `${name}[].`, depth + 1)];
      return [row];
    });
  }

  /** A body's variants: one per member of a top-level union, else one. */
  function variantsOf(raw: JsonSchema | undefined, prefix = ""): SchemaVariant[] {
    if (!raw) return [];
    const schema = resolve(raw);
    const members = (schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined;
    if (members && !schema.properties)
      return members.map((member, index) => {
        const resolved = resolve(member);
        const discriminator = Object.entries((resolved.properties ?? {}) as Record<string, JsonSchema>).find(
          ([, property]) => property.const !== undefined,
        );
        const label = discriminator
          ? `${discriminator[0]}: ${JSON.stringify(discriminator[1].const)}`
          : "$ref" in member
            ? lastSegment(member.$ref as string)
            : `Variant ${index + 1}`;
        return { label, fields: fieldsOf(resolved, prefix, 0) };
      });
    const fields = fieldsOf(schema, prefix, 0);
    return fields.length ? [{ label: null, fields }] : [];
  }

  return { resolve, typeOf, variantsOf, constraintsOf };
}

const exampleText = (media: OpenApiMediaType) =>
  media.example === undefined
    ? undefined
    : typeof media.example === "string"
      ? media.example
      : JSON.stringify(media.example, null, 2);

/** The reference's model of a document: tags in order with their operations, and the webhook events. */
export function referenceModel(document: OpenApiDocument): {
  tags: ReferenceTag[];
  webhooks: ReferenceWebhook[];
  /** The fields every event's body has around its `data`. */
  webhookEnvelope: SchemaVariant[];
  errorBody: SchemaVariant[];
} {
  const reader = schemaReader(document);
  const { resolve } = reader;

  function operationOf(path: string, methods: HttpMethod[], op: OpenApiOperation): ReferenceOperation {
    const media = op.requestBody && Object.entries(op.requestBody.content)[0];
    return {
      id: op.operationId,
      methods,
      path,
      summary: op.summary,
      description: op.description,
      scope: op.security?.[0] ? (Object.values(op.security[0])[0]?.[0] ?? null) : null,
      parameters: (op.parameters ?? []).map((raw) => {
        const parameter = resolve<OpenApiParameter>(raw);
        return {
          name: parameter.name,
          in: parameter.in,
          type: reader.typeOf(parameter.schema),
          required: parameter.required ?? false,
          notes: [
            ...(parameter.description ? [parameter.description] : []),
            ...reader.constraintsOf(resolve(parameter.schema)),
          ],
        };
      }),
      body: media
        ? {
            contentType: media[0],
            description: op.requestBody!.description,
            variants: reader.variantsOf(media[1]["x-item-schema"] ?? media[1].schema),
            example: exampleText(media[1]),
          }
        : null,
      responses: responsesOf(op),
    };
  }

  function responsesOf(op: OpenApiOperation): ReferenceResponse[] {
    const bodies = new Map<string, string>();
    return Object.entries(op.responses).map(([status, raw]) => {
      const response = resolve<OpenApiResponse>(raw);
      const errorBody = "$ref" in raw;
      const variants = errorBody ? [] : reader.variantsOf(response.content?.["application/json"]?.schema);
      const key = JSON.stringify(variants);
      const sameBodyAs = variants.length ? (bodies.get(key) ?? null) : null;
      if (variants.length && !sameBodyAs) bodies.set(key, status);
      return {
        errorBody,
        sameBodyAs,
        status,
        description: response.description,
        headers: Object.entries(response.headers ?? {}).map(([name, header]) => ({
          name,
          description: resolve(header).description,
        })),
        variants: sameBodyAs ? [] : variants,
      };
    });
  }

  const payloadOf = (type: string) =>
    resolve(document.webhooks[type].post.requestBody?.content["application/json"]?.schema ?? {});
  // The envelope is the same for every event: shown once, with `type` and `data` pointing below.
  const [firstEvent] = Object.keys(document.webhooks);
  const envelope = firstEvent ? payloadOf(firstEvent) : null;

  // Methods of one path that share a summary are one operation (the gateway check answers them all alike).
  const operations: { tag: string; operation: ReferenceOperation }[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    const bySummary = new Map<string, { methods: HttpMethod[]; op: OpenApiOperation }>();
    for (const [method, op] of Object.entries(item) as [HttpMethod, OpenApiOperation][]) {
      const entry = bySummary.get(op.summary);
      if (entry) entry.methods.push(method);
      else bySummary.set(op.summary, { methods: [method], op });
    }
    for (const { methods, op } of bySummary.values())
      operations.push({ tag: op.tags[0], operation: operationOf(path, methods, op) });
  }

  return {
    errorBody: reader.variantsOf({ $ref: "#/components/schemas/Error" }),
    tags: document.tags
      .map((tag) => ({
        ...tag,
        operations: operations.filter((entry) => entry.tag === tag.name).map((entry) => entry.operation),
      }))
      .filter((tag) => tag.operations.length > 0),
    webhookEnvelope: envelope
      ? reader.variantsOf({
          ...envelope,
          properties: {
            ...(envelope.properties as Record<string, JsonSchema>),
            type: { type: "string", description: "The event's type (below)" },
            data: { type: "object", description: "The event's data: per type, below" },
          },
        })
      : [],
    webhooks: Object.entries(document.webhooks).map(([type, { post }]) => ({
      type,
      description: post.description ?? "",
      variants: reader.variantsOf((payloadOf(type).properties as Record<string, JsonSchema>).data, "data."),
    })),
  };
}
