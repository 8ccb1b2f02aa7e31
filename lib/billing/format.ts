/** An amount in minor units as money, e.g. 4900 EUR → "€49.00" (the currency decides the decimals). */
export function formatMoney(amountMinor: number, currency: string): string {
  const format = new Intl.NumberFormat("en", { style: "currency", currency });
  const decimals = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** decimals);
}

/** A date as the tenant reads it, e.g. "30 November 2026". */
export function formatDay(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone }).format(at);
}

/** A moment as the tenant reads it, e.g. "30 November 2026 at 14:00 CET". */
export function formatMoment(at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone }).format(at) + ` (${timeZone})`;
}
