import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { MAX_INPUT_DEPTH, parseInput } from "./validation";

const nestedObject = (depth: number): unknown => JSON.parse('{"a":'.repeat(depth) + "1" + "}".repeat(depth));
const nestedArray = (depth: number): unknown => JSON.parse("[".repeat(depth) + "]".repeat(depth));

function refusal(schema: z.ZodType, raw: unknown): AppError {
  try {
    parseInput(schema, raw);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("the input was accepted");
}

describe("parseInput", () => {
  it("refuses input nested deeper than MAX_INPUT_DEPTH with a field message, however deep", () => {
    for (const raw of [nestedObject(MAX_INPUT_DEPTH + 1), nestedObject(10_000), nestedArray(100_000)]) {
      const error = refusal(z.unknown(), raw);
      expect([error.status, error.fields]).toEqual([
        400,
        { _form: [`is nested too deeply (at most ${MAX_INPUT_DEPTH} levels)`] },
      ]);
    }
  });

  it("accepts nesting up to the limit", () => {
    expect(parseInput(z.unknown(), nestedObject(MAX_INPUT_DEPTH - 1))).toEqual(
      nestedObject(MAX_INPUT_DEPTH - 1),
    );
  });

  it("names every field holding a NUL character before the schema runs", () => {
    const error = refusal(z.object({ a: z.string(), b: z.object({ c: z.string() }) }), {
      a: "x\u0000",
      b: { c: "\u0000" },
    });
    expect(error.fields).toEqual({
      a: ["must not contain a NUL character"],
      "b.c": ["must not contain a NUL character"],
    });
  });
});
