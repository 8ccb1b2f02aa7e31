import { describe, expect, it } from "vitest";
import { DEFAULT_TEMPLATES } from "./default-templates";
import { sampleValues } from "./sample-values";

describe("sampleValues", () => {
  it("has a real-looking value for every variable of every template, never a [placeholder]", () => {
    for (const template of DEFAULT_TEMPLATES) {
      const values = sampleValues(template.key, template.variables);
      expect(Object.keys(values).sort(), template.key).toEqual([...template.variables].sort());
      for (const [name, value] of Object.entries(values))
        expect(value, `${template.key}.${name}`).not.toMatch(/^\[.*\]$/);
    }
  });

  it("fills a template's own list rather than another's", () => {
    expect(sampleValues("api_key_digest", ["list"]).list).toContain("stw_");
    expect(sampleValues("anomaly_digest", ["list"]).list).toContain("usual");
  });

  it("shows a variable it does not know as its name in brackets", () => {
    expect(sampleValues("trial_welcome", ["newThing"])).toEqual({ newThing: "[newThing]" });
  });
});
