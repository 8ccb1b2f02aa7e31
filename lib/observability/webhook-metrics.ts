import { db } from "@/lib/db";
import { webRedis, whenReady } from "@/lib/redis";
import { deliveryStatsKey, LATENCY_BUCKETS_MS } from "@/lib/webhooks/delivery-stats";
import { defineScrapeGauge } from "./scrape-gauge";

/** Webhook attempts, their latency and the deliveries still waiting, as the worker left them. */
export function registerWebhookMetrics(): void {
  const stats = async () => (await whenReady(webRedis())).hgetall(deliveryStatsKey());
  defineScrapeGauge({
    name: "steward_webhook_attempts",
    help: "Webhook delivery attempts by outcome (delivered: a 2xx answer) since Redis began counting; use rate()",
    labelNames: ["outcome"],
    read: async () => {
      const counts = await stats();
      return ["delivered", "failed"].map((outcome) => ({
        labels: { outcome },
        value: Number(counts[outcome] ?? 0),
      }));
    },
  });
  defineScrapeGauge({
    name: "steward_webhook_attempt_latency_ms",
    help: "Webhook attempts answered within `le` milliseconds (cumulative, running totals); le=+Inf is every attempt",
    labelNames: ["le"],
    read: async () => {
      const counts = await stats();
      const all = Number(counts.delivered ?? 0) + Number(counts.failed ?? 0);
      return [
        ...LATENCY_BUCKETS_MS.map((bound) => ({
          labels: { le: String(bound) },
          value: Number(counts[`le_${bound}`] ?? 0),
        })),
        { labels: { le: "+Inf" }, value: all },
      ];
    },
  });
  defineScrapeGauge({
    name: "steward_webhook_deliveries_pending",
    help: "Webhook deliveries waiting for their first or next attempt",
    labelNames: [],
    read: async () => [
      { labels: {}, value: await db.webhookDelivery.count({ where: { status: "pending" } }) },
    ],
  });
}
