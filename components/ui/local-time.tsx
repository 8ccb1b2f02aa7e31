"use client";

import { useSyncExternalStore } from "react";

function format(ms: number, dateOnly: boolean, local: boolean): string {
  const date = new Date(ms);
  if (!local)
    return dateOnly
      ? date.toISOString().slice(0, 10)
      : `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
  return dateOnly
    ? date.toLocaleDateString(undefined, { dateStyle: "medium" })
    : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** The viewer's zone does not change while the page is open; only server and browser differ. */
const neverChanges = () => () => {};

/**
 * A moment shown in the viewer's time zone. The server renders UTC (it cannot know the zone);
 * the browser switches to local time after hydration.
 */
export function LocalTime({ value, dateOnly = false }: { value: Date | string | null; dateOnly?: boolean }) {
  const ms = value === null ? null : new Date(value).getTime();
  const local = useSyncExternalStore(
    neverChanges,
    () => true,
    () => false,
  );
  if (ms === null) return <span>never</span>;
  return <time dateTime={new Date(ms).toISOString()}>{format(ms, dateOnly, local)}</time>;
}
