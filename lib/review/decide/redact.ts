/**
 * Personal data is scrubbed from whatever the review engine sends to an outside AI. The context
 * builder already leaves out the tenant's name and contact; this catches what people type into free
 * text (a refund request's reason: "please refund to DE89 3704 …, call me on +49 …") and keys that
 * name personal data wherever they appear.
 */

// Identifiers (ids, references, UUID segments) often hold digit runs; a match must not start or end
// inside one.
const NOT_AFTER = String.raw`(?<![\w.\-])`;
const NOT_BEFORE = String.raw`(?![\w\-])`;

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9-]+(?:\.[A-Z0-9-]+)*\.[A-Z]{2,}/gi;
/** Country code, two check digits, then groups of four letters or digits (spaced or not) and a shorter last one. */
const IBAN = new RegExp(
  String.raw`${NOT_AFTER}[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?${NOT_BEFORE}`,
  "gi",
);
/** 13–19 digits, optionally grouped by single spaces or dashes. */
const CARD = new RegExp(String.raw`${NOT_AFTER}\d(?:[ \-]?\d){12,18}${NOT_BEFORE}`, "g");
/**
 * Digit groups separated by one space, dot, slash or dash, or in parentheses, optionally after "+".
 * The separator is required between two plain groups, so a long digit run cannot backtrack exponentially.
 */
const PHONE = new RegExp(
  String.raw`${NOT_AFTER}(?:\+ ?)?\(?\d+\)?(?:(?:[ ./\-]|(?<=\)))\(?\d+\)?)*${NOT_BEFORE}`,
  "g",
);

/** A phone number has 8–15 digits; dates, times and IPv4 addresses look alike and are not phones. */
function isPhone(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, "").length;
  if (digits < 8 || digits > 15) return false;
  if (/^\d{4}-\d{2}-\d{2}$/.test(candidate) || /^\d{1,2}[./]\d{1,2}[./]\d{2,4}$/.test(candidate))
    return false;
  return !/^\d{1,3}(?:\.\d{1,3}){3}$/.test(candidate);
}

/** Words that, as part of a key ("contactEmail", "billing_address", "fullName", "phones"), name personal data. */
const PII_KEY_WORDS = new Set([
  "email",
  "mail",
  "phone",
  "telephone",
  "tel",
  "mobile",
  "fax",
  "name",
  "firstname",
  "lastname",
  "fullname",
  "surname",
  "username",
  "contact",
  "address",
  "street",
  "postcode",
  "zip",
  "zipcode",
  "iban",
  "birthday",
  "birthdate",
  "dob",
  "ssn",
  "passport",
]);

function namesPii(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  // Plurals too: "names", "phones", "addresses".
  const named = (word: string) =>
    PII_KEY_WORDS.has(word) ||
    (word.endsWith("s") && (PII_KEY_WORDS.has(word.slice(0, -1)) || PII_KEY_WORDS.has(word.slice(0, -2))));
  return words.some(named) || named(key.toLowerCase().replace(/[^a-z0-9]/g, ""));
}

/** The text with email addresses, IBANs, card numbers and phone numbers replaced by "[redacted …]". */
export function redactText(text: string): string {
  return text
    .replace(EMAIL, "[redacted email]")
    .replace(IBAN, (match) => (/\d/.test(match.slice(4)) ? "[redacted IBAN]" : match))
    .replace(CARD, "[redacted card number]")
    .replace(PHONE, (match) => (isPhone(match) ? "[redacted phone]" : match));
}

/**
 * A copy of a JSON-like value with every string redacted (see redactText) and every object key that
 * names personal data dropped, at any depth.
 */
export function redactPii(value: unknown): unknown {
  if (typeof value === "string") return redactText(value);
  if (Array.isArray(value)) return value.map(redactPii);
  if (value && typeof value === "object" && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !namesPii(key))
        .map(([key, inner]) => [key, redactPii(inner)]),
    );
  }
  return value;
}
