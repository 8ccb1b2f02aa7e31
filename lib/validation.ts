import { z } from "zod";
import { AppError, type FieldErrors } from "@/lib/errors";

/** Zod issues as field → messages; issues on the whole object go under "_form". */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_form";
    (fields[key] ??= []).push(issue.message);
  }
  return fields;
}

/** Paths of the strings in `value` holding a NUL character, which PostgreSQL text cannot store. */
function pathsWithNul(value: unknown, path: string[] = []): string[][] {
  if (typeof value === "string") return value.includes("\u0000") ? [path] : [];
  if (value && typeof value === "object")
    return Object.entries(value).flatMap(([key, item]) => pathsWithNul(item, [...path, key]));
  return [];
}

/** `schema.safeParse`, refusing NUL characters anywhere first, so they never reach the database. */
export function safeParseInput<Schema extends z.ZodType>(
  schema: Schema,
  raw: unknown,
): z.ZodSafeParseResult<z.output<Schema>> {
  const withNul = pathsWithNul(raw);
  if (withNul.length === 0) return schema.safeParse(raw) as z.ZodSafeParseResult<z.output<Schema>>;
  const error = new z.ZodError(
    withNul.map((path) => ({
      code: "custom" as const,
      path,
      message: "must not contain a NUL character",
      input: undefined,
    })),
  );
  return { success: false, error: error as z.ZodError<z.output<Schema>> };
}

/** Parses untrusted input or throws a 400 AppError carrying the field messages. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, raw: unknown): z.output<Schema> {
  const result = safeParseInput(schema, raw);
  if (!result.success)
    throw new AppError("VALIDATION", "Some fields are invalid.", fieldErrorsOf(result.error));
  return result.data;
}

/** Turns URLSearchParams or FormData into a plain object (repeated keys become arrays). */
export function entriesToObject(
  entries: Iterable<[string, FormDataEntryValue | string]>,
): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const [key, value] of entries) {
    if (typeof value !== "string") continue;
    const existing = object[key];
    object[key] =
      existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return object;
}

/** An optional text field from a form: empty becomes undefined. */
export const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();
