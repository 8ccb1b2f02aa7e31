import { HOUR } from "./buckets";

/**
 * Local hour of day and weekday of hourly buckets in a tenant's time zone, as the SQL slots count
 * them (`slotOf` in baselines.ts): weekday 0 = Monday. A zone's offset is looked up once per hour
 * and zone (Intl is slow and every series of a zone shares the same hours).
 */
const offsets = new Map<string, number>();
const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetMs(at: number, timeZone: string): number {
  if (timeZone === "UTC") return 0;
  const hour = Math.floor(at / HOUR);
  const key = `${timeZone}|${hour}`;
  const known = offsets.get(key);
  if (known !== undefined) return known;
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
    });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(hour * HOUR)).map((p) => [p.type, p.value]));
  const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute);
  const offset = local - hour * HOUR;
  if (offsets.size > 200_000) offsets.clear();
  offsets.set(key, offset);
  return offset;
}

/** Slot of a bucket for a period of 24 (local hour) or 168 (local weekday × 24 + hour) hours; 0 without one. */
export function localSlot(at: number, period: number, timeZone: string): number {
  if (period === 0) return 0;
  const local = new Date(at + offsetMs(at, timeZone));
  const hour = local.getUTCHours();
  return period === 24 ? hour : ((local.getUTCDay() + 6) % 7) * 24 + hour;
}
