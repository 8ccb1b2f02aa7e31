// Calendar arithmetic the billing seed needs to place events where the sweeps would have put them.

/** The same day of month `months` later (the 31st becomes the month's last day), in UTC. */
export function addMonths(at: Date, months: number): Date {
  const target = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(at.getUTCDate(), lastDay));
  target.setUTCHours(at.getUTCHours(), at.getUTCMinutes(), at.getUTCSeconds(), at.getUTCMilliseconds());
  return target;
}

const clocks = new Map<string, Intl.DateTimeFormat>();

/** The wall-clock fields (month 0-based) `at` shows in `timeZone`. */
export function wallClock(at: Date, timeZone: string) {
  let clock = clocks.get(timeZone);
  if (!clock)
    clocks.set(
      timeZone,
      (clock = new Intl.DateTimeFormat("en-US", {
        timeZone,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      })),
    );
  const part = Object.fromEntries(clock.formatToParts(at).map((p) => [p.type, Number(p.value)]));
  return {
    year: part.year,
    month: part.month - 1,
    day: part.day,
    hour: part.hour,
    minute: part.minute,
    second: part.second,
  };
}

/** The instant at which the clock in `timeZone` shows day `day` of the month at `hour`:00 (days may overflow). */
export function zonedInstant(year: number, month: number, day: number, hour: number, timeZone: string): Date {
  const wanted = Date.UTC(year, month, day, hour);
  const offsetAt = (t: number) => {
    const c = wallClock(new Date(t), timeZone);
    return Date.UTC(c.year, c.month, c.day, c.hour, c.minute, c.second) - Math.floor(t / 1000) * 1000;
  };
  // Second pass: the offset at the answer, not at the guess, in case a DST change lies between.
  return new Date(wanted - offsetAt(wanted - offsetAt(wanted)));
}
