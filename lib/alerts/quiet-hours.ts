/** A person's quiet hours: minutes after local midnight in their time zone; null start means none. */
export type QuietHours = { timeZone: string; quietStartMinute: number | null; quietEndMinute: number | null };

/** Minutes after midnight at `now` in `timeZone`. */
export function localMinuteOfDay(now: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  })
    .formatToParts(now)
    .reduce<Record<string, string>>((all, part) => ({ ...all, [part.type]: part.value }), {});
  return Number(parts.hour) * 60 + Number(parts.minute);
}

/** Whether `now` falls in the quiet hours; a window may cross midnight (22:00–07:00). */
export function inQuietHours(contact: QuietHours | null, now: Date): boolean {
  if (!contact || contact.quietStartMinute === null || contact.quietEndMinute === null) return false;
  const { quietStartMinute: start, quietEndMinute: end } = contact;
  if (start === end) return false;
  const minute = localMinuteOfDay(now, contact.timeZone);
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** Whether a time zone name is one this runtime knows (IANA, e.g. Europe/Berlin). */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone });
    return true;
  } catch {
    return false;
  }
}
