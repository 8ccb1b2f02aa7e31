import { alertProviders } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { postJson } from "./provider-error";

export type PagerDutyAction = "trigger" | "acknowledge" | "resolve";

/** The PagerDuty incident of an alert: one per notification, so a trigger, acknowledge and resolve meet. */
export const pagerDutyDedupKey = (notificationId: string) => `steward-${notificationId}`;

/**
 * Sends one Events API v2 event. A trigger carries the summary; acknowledge and resolve only the
 * routing and dedup keys. Returns the dedup key PagerDuty confirmed.
 */
export async function sendPagerDutyEvent(
  action: PagerDutyAction,
  alert: { id: string; title: string; body: string; severity: string; link: string | null },
): Promise<string> {
  const p = alertProviders();
  if (!p.PAGERDUTY_ROUTING_KEY)
    throw new AppError("UNAVAILABLE", "PagerDuty is not set up (PAGERDUTY_ROUTING_KEY).");
  const dedupKey = pagerDutyDedupKey(alert.id);
  const event = {
    routing_key: p.PAGERDUTY_ROUTING_KEY,
    event_action: action,
    dedup_key: dedupKey,
    ...(action === "trigger"
      ? {
          payload: {
            summary: `${alert.title}: ${alert.body}`.slice(0, 1024),
            source: "steward",
            severity:
              alert.severity === "critical" ? "critical" : alert.severity === "warning" ? "warning" : "info",
          },
          ...(alert.link ? { links: [{ href: alert.link, text: "Open in Steward" }] } : {}),
        }
      : {}),
  };
  const answer = JSON.parse((await postJson("PagerDuty", p.PAGERDUTY_EVENTS_URL, event)) || "{}") as {
    dedup_key?: string;
  };
  return answer.dedup_key ?? dedupKey;
}
