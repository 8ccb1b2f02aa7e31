import type { z } from "zod";
import type { FieldErrors } from "@/lib/errors";
import { fieldErrorsOf, safeParseInput } from "@/lib/validation";

/** A page's query string as Next hands it over: a repeated key is an array. */
export type PageSearchParams = Record<string, string | string[] | undefined>;

export type ParsedSearchParams<T> = {
  /** The schema's output, or its defaults when any value was invalid. */
  values: T;
  /** The first value of each key as typed, to show back in the filter inputs. */
  text: Record<string, string>;
  /** Why the values fell back to the defaults; absent when they did not. */
  invalid?: FieldErrors;
};

/**
 * A page's query string through `schema`: the first value of each key, an empty one treated as
 * absent. A bad link never breaks the page: invalid values fall back to the schema's defaults
 * (`schema.parse({})`), and `invalid` says what was wrong so the page can tell the viewer.
 */
export function parsePageSearchParams<Schema extends z.ZodType>(
  schema: Schema,
  searchParams: PageSearchParams,
): ParsedSearchParams<z.output<Schema>> {
  const text: Record<string, string> = {};
  for (const [key, value] of Object.entries(searchParams)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first) text[key] = first;
  }
  const parsed = safeParseInput(schema, text);
  if (parsed.success) return { values: parsed.data, text };
  return { values: schema.parse({}), text, invalid: fieldErrorsOf(parsed.error) };
}
