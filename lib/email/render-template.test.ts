import { describe, expect, it } from "vitest";
import { checkTemplate, placeholdersIn, renderTemplate } from "./render-template";

const parts = {
  subject: "Welcome, {{ tenantName }}",
  html: "<p>Hi {{contactName}}, your trial ends {{trialEndsOn}}.</p>",
  text: "Hi {{contactName}}",
};

describe("email templates", () => {
  it("finds each placeholder once", () => {
    expect(placeholdersIn("{{a}} {{ b }} {{a}} {{ not valid }}")).toEqual(["a", "b"]);
  });

  it("accepts a template that uses only declared variables", () => {
    expect(checkTemplate(parts, ["tenantName", "contactName", "trialEndsOn", "unused"])).toEqual({});
  });

  it("names unknown variables and stray braces per part", () => {
    expect(
      checkTemplate({ ...parts, text: "Hi {{contactNme}} {{" }, ["tenantName", "contactName", "trialEndsOn"]),
    ).toEqual({
      text: [
        "Unknown variable {{contactNme}}; allowed: {{tenantName}}, {{contactName}}, {{trialEndsOn}}",
        "Unmatched {{ or }}: write placeholders as {{name}}",
      ],
    });
  });

  it("renders with HTML escaping in the HTML part only, and one-line subjects", () => {
    const rendered = renderTemplate(parts, {
      tenantName: "A & B\nInjected: header",
      contactName: "<Eve>",
      trialEndsOn: "1 Dec",
    });
    expect(rendered).toEqual({
      subject: "Welcome, A & B Injected: header",
      html: "<p>Hi &lt;Eve&gt;, your trial ends 1 Dec.</p>",
      text: "Hi <Eve>",
    });
  });

  it("keeps a value's line breaks in the HTML part, after escaping it", () => {
    const rendered = renderTemplate(
      { subject: "{{count}} keys", html: "<p>{{list}}</p>", text: "{{list}}" },
      { count: "2", list: "- a <b>\r\n- c" },
    );
    expect(rendered.html).toBe("<p>- a &lt;b&gt;<br>\n- c</p>");
    expect(rendered.text).toBe("- a <b>\r\n- c");
  });

  it("refuses to render with a missing value", () => {
    expect(() => renderTemplate(parts, { tenantName: "Acme", contactName: "Ann" })).toThrow(
      "Missing value for {{trialEndsOn}}",
    );
  });
});
