"use server";

import { serverAction } from "@/app/_server/server-action";
import { setOnCallOrder } from "@/lib/alerts/alert-settings";

export const setOnCallOrderAction = serverAction(setOnCallOrder, {
  revalidate: "/settings/on-call",
  // Fields "position:<userId>" hold 1, 2, …; empty ones are off the order.
  fromForm: (form) => ({
    userIds: [...form.entries()]
      .filter(([name, value]) => name.startsWith("position:") && String(value).trim() !== "")
      .map(([name, value]) => ({ userId: name.slice("position:".length), position: Number(value) }))
      .sort((a, b) => a.position - b.position)
      .map((entry) => entry.userId),
  }),
});
