// Building an Intl formatter costs ~100 µs; a sweep formats thousands of dates, so one per zone/currency.
const formatters = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>();

function cached<F extends Intl.NumberFormat | Intl.DateTimeFormat>(key: string, create: () => F): F {
  let formatter = formatters.get(key);
  if (!formatter) formatters.set(key, (formatter = create()));
  return formatter as F;
}

/** An amount in minor units as money, e.g. 4900 EUR → "€49.00" (the currency decides the decimals). */
export function formatMoney(amountMinor: number, currency: string): string {
  const format = cached(
    `money:${currency}`,
    () => new Intl.NumberFormat("en", { style: "currency", currency }),
  );
  const decimals = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(amountMinor / 10 ** decimals);
}

/** A date as the tenant reads it, e.g. "30 November 2026". */
export function formatDay(at: Date, timeZone: string): string {
  return cached(
    `day:${timeZone}`,
    () => new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeZone }),
  ).format(at);
}

/** The tenant's calendar day of a moment as YYYY-MM-DD (en-CA writes dates that way). */
export function localDay(at: Date, timeZone: string): string {
  return cached(
    `iso-day:${timeZone}`,
    () => new Intl.DateTimeFormat("en-CA", { year: "numeric", month: "2-digit", day: "2-digit", timeZone }),
  ).format(at);
}

/** A moment as the tenant reads it, e.g. "30 November 2026 at 14:00 (Europe/Berlin)". */
export function formatMoment(at: Date, timeZone: string): string {
  return (
    cached(
      `moment:${timeZone}`,
      () => new Intl.DateTimeFormat("en-GB", { dateStyle: "long", timeStyle: "short", timeZone }),
    ).format(at) + ` (${timeZone})`
  );
}
