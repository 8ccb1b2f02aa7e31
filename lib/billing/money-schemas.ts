import { z } from "zod";

// Intl knows the ISO 4217 codes formatMoney can format; "XYZ" is well-formed but no currency.
const CURRENCIES = new Set(Intl.supportedValuesOf("currency"));

/** An amount in the currency's minor unit (cents), as the platform's billing system sends it. */
export const amountMinor = z
  .number({ error: "amount must be a number of minor units (e.g. cents)" })
  .int("amount must be a whole number of minor units (e.g. cents)")
  .positive("amount must be greater than 0")
  .max(2_147_483_647, "amount is at most 2147483647 minor units");

export const currencyCode = z
  .string({ error: "currency is required: an ISO 4217 code, e.g. EUR" })
  .trim()
  .toUpperCase()
  .refine(
    (code) => /^[A-Z]{3}$/.test(code) && CURRENCIES.has(code),
    "currency must be an ISO 4217 code, e.g. EUR",
  );
