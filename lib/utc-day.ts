// Days as Steward keeps them: UTC days, stored in DATE columns and written as YYYY-MM-DD.

export const DAY_MS = 86_400_000;

/** The UTC midnight that starts an instant's day (what a DATE column holds). */
export const utcDay = (at: Date) => new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);

/** An instant's UTC day as YYYY-MM-DD. */
export const isoDay = (at: Date) => at.toISOString().slice(0, 10);

/** The UTC midnight of a YYYY-MM-DD day. */
export const dayOf = (day: string) => new Date(`${day}T00:00:00Z`);
