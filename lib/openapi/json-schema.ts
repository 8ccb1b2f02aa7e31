import { z } from "zod";

export type JsonSchema = { [keyword: string]: unknown };

/** Schemas documented once under components.schemas and referenced by name everywhere else. */
export type SchemaNames = ReadonlyMap<z.ZodType, string>;

export const schemaRef = (name: string) => `#/components/schemas/${name}`;

// zod writes the full safe-integer range on every `.int()`; it says nothing an integrator needs.
const SAFE_INTEGER_BOUNDS = [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER];
// A format says it; zod's regex for it (hundreds of characters) only makes the document unreadable.
const FORMATS_WITHOUT_PATTERN = new Set(["date-time", "date", "time", "email", "uuid", "uri"]);

function replaceWith(target: JsonSchema, source: JsonSchema): void {
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, source);
}

function tidy(json: JsonSchema): void {
  delete json.$schema;
  if (json.type === "integer") {
    if (SAFE_INTEGER_BOUNDS.includes(json.minimum as number)) delete json.minimum;
    if (SAFE_INTEGER_BOUNDS.includes(json.maximum as number)) delete json.maximum;
  }
  if (typeof json.format === "string" && FORMATS_WITHOUT_PATTERN.has(json.format)) delete json.pattern;
}

/**
 * A zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect), as a client sends it (`io: "input"`:
 * defaults are optional, coerced query values keep their target type).
 *
 * Two departures from `z.toJSONSchema`'s defaults, both so the document says what the route accepts:
 * - `a.pipe(b)` where neither side transforms is described by `b`: such pipes check a type first
 *   (`z.string({ error }).pipe(rules)`, `z.looseObject({}).pipe(union)`) and the rules are in `b`,
 *   while zod's input mode would describe `a` alone.
 * - schemas named in `names` become `$ref`s to components.schemas (except `schema` itself when
 *   `asComponent` is set, i.e. when the component is being written).
 * Refinements (`refine`, `superRefine`) cannot be expressed; operations say them in words.
 */
export function toJsonSchema(
  schema: z.ZodType,
  names: SchemaNames = new Map(),
  options: { asComponent?: boolean } = {},
): JsonSchema {
  const json = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
    override: ({ zodSchema, jsonSchema }) => {
      const current = zodSchema as unknown as z.ZodType;
      const name = names.get(current);
      if (name && !(options.asComponent && current === schema)) {
        replaceWith(jsonSchema as JsonSchema, { $ref: schemaRef(name) });
        return;
      }
      const def = current._zod.def;
      if (def.type === "pipe") {
        const { in: from, out: to } = def as unknown as { in: z.ZodType; out: z.ZodType };
        const transforms = (side: z.ZodType) => side._zod.traits.has("$ZodTransform");
        if (!transforms(from) && !transforms(to))
          replaceWith(jsonSchema as JsonSchema, toJsonSchema(to, names));
      }
      tidy(jsonSchema as JsonSchema);
    },
  }) as JsonSchema;
  tidy(json);
  return json;
}
