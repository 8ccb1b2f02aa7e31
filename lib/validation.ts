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

/** Deeper than any input of ours; JSON this deep is an attack on recursive code, not data. */
export const MAX_INPUT_DEPTH = 32;

/**
 * What no schema should see: strings with a NUL character (PostgreSQL text cannot store them) and
 * nesting deeper than MAX_INPUT_DEPTH. Walked with an explicit stack, so deep input cannot
 * overflow the call stack here either.
 */
function unstorableParts(raw: unknown): z.core.$ZodRawIssue[] {
  const issues: z.core.$ZodRawIssue[] = [];
  const stack: { value: unknown; path: string[] }[] = [{ value: raw, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value === "string" && value.includes("\u0000"))
      issues.push({ code: "custom", path, message: "must not contain a NUL character", input: undefined });
    if (!value || typeof value !== "object") continue;
    if (path.length >= MAX_INPUT_DEPTH) {
      const message = `is nested too deeply (at most ${MAX_INPUT_DEPTH} levels)`;
      return [{ code: "custom", path: [], message, input: undefined }];
    }
    for (const [key, item] of Object.entries(value)) stack.push({ value: item, path: [...path, key] });
  }
  return issues;
}

/** `schema.safeParse`, refusing NUL characters and runaway nesting first, so they never reach it. */
export function safeParseInput<Schema extends z.ZodType>(
  schema: Schema,
  raw: unknown,
): z.ZodSafeParseResult<z.output<Schema>> {
  const issues = unstorableParts(raw);
  if (issues.length === 0) return schema.safeParse(raw) as z.ZodSafeParseResult<z.output<Schema>>;
  return {
    success: false,
    error: new z.ZodError(issues as z.core.$ZodIssue[]) as z.ZodError<z.output<Schema>>,
  };
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
