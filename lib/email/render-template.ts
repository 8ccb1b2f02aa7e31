// Pure functions (no server imports): the template editor's live preview runs them in the browser.

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

export type TemplateParts = { subject: string; html: string; text: string };

/** Field → problems, for the editor (unknown placeholders, stray braces). */
export type TemplateProblems = Partial<Record<keyof TemplateParts, string[]>>;

export function placeholdersIn(source: string): string[] {
  return [...new Set([...source.matchAll(PLACEHOLDER)].map((m) => m[1]))];
}

/**
 * Checks every part against the declared variables: an unknown placeholder, or braces that do
 * not form one, would print as-is in a sent mail, so both are errors.
 */
export function checkTemplate(parts: TemplateParts, declared: readonly string[]): TemplateProblems {
  const problems: TemplateProblems = {};
  for (const field of ["subject", "html", "text"] as const) {
    const messages: string[] = [];
    const unknown = placeholdersIn(parts[field]).filter((name) => !declared.includes(name));
    if (unknown.length)
      messages.push(
        `Unknown variable${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => `{{${n}}}`).join(", ")}; allowed: ${declared.map((n) => `{{${n}}}`).join(", ") || "none"}`,
      );
    if (/\{\{|\}\}/.test(parts[field].replace(PLACEHOLDER, "")))
      messages.push("Unmatched {{ or }}: write placeholders as {{name}}");
    if (messages.length) problems[field] = messages;
  }
  return problems;
}

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
/** A value in the HTML part: escaped, its line breaks kept (a digest's list reads one item per line). */
const htmlValue = (value: string) =>
  value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]).replace(/\r?\n/g, "<br>\n");

/**
 * Fills the placeholders. Values are escaped in the HTML part. Every placeholder must have a
 * value: a blank in a sent mail is worse than not sending it.
 */
export function renderTemplate(parts: TemplateParts, variables: Record<string, string>): TemplateParts {
  const missing = [...new Set([parts.subject, parts.html, parts.text].flatMap(placeholdersIn))].filter(
    (name) => variables[name] === undefined,
  );
  if (missing.length) throw new Error(`Missing value for ${missing.map((n) => `{{${n}}}`).join(", ")}`);
  const fill = (source: string, escape: (v: string) => string) =>
    source.replace(PLACEHOLDER, (_, name: string) => escape(variables[name]));
  return {
    subject: fill(parts.subject, (v) => v.replace(/[\r\n]+/g, " ")),
    html: fill(parts.html, htmlValue),
    text: fill(parts.text, (v) => v),
  };
}
