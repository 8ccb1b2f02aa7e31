import { STANDARD_LIMITS } from "./limits";

/**
 * The plan form's fields as the update action's input: a blank standard limit is unlimited, custom
 * limits come as `key = value` lines and features as a comma- or space-separated list. What does
 * not parse reaches the schema as it is, so the owner sees its message next to the field.
 */
export function planInputFromForm(form: FormData) {
  const text = (name: string) => String(form.get(name) ?? "").trim();
  const limits: Record<string, unknown> = {};
  for (const { key } of STANDARD_LIMITS) {
    const value = text(`limits.${key}`);
    if (value !== "") limits[key] = Number(value);
  }
  for (const line of text("customLimits").split("\n")) {
    if (!line.trim()) continue;
    const [key, value = ""] = line.split("=").map((part) => part.trim());
    limits[key] = value === "" ? Number.NaN : Number(value);
  }
  return {
    key: text("key"),
    name: text("name"),
    currency: text("currency"),
    trialDays: text("trialDays"),
    monthlyPrice: text("monthlyPrice"),
    yearlyPrice: text("yearlyPrice"),
    limits,
    features: text("features")
      .split(/[\s,]+/)
      .filter(Boolean),
  };
}
