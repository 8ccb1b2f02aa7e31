import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parsePageSearchParams } from "./page-search-params";

const schema = z.object({
  q: z.string().max(5).optional(),
  page: z.coerce.number().int().min(1).default(1),
});

describe("parsePageSearchParams", () => {
  it("takes the first value of a repeated key and treats an empty one as absent", () => {
    expect(parsePageSearchParams(schema, { q: ["abc", "def"], page: "" })).toEqual({
      values: { q: "abc", page: 1 },
      text: { q: "abc" },
    });
  });

  it("falls back to the defaults when a value is invalid, saying which, and keeps the text typed", () => {
    const parsed = parsePageSearchParams(schema, { q: "abc", page: "0" });
    expect(parsed.values).toEqual({ page: 1 });
    expect(parsed.text).toEqual({ q: "abc", page: "0" });
    expect(parsed.invalid).toEqual({ page: ["Too small: expected number to be >=1"] });
  });

  it("refuses a NUL character rather than letting it reach a query", () => {
    expect(parsePageSearchParams(schema, { q: "a\u0000" }).invalid).toEqual({
      q: ["must not contain a NUL character"],
    });
  });
});
