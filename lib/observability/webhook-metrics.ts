import { db } from "@/lib/db";
import { webRedis, whenReady } from "@/lib/redis";
import { deliveryStatsKey, LATENCY_BUCKETS_MS } from "@/lib/webhooks/delivery-stats";
import { defineScrapeFamily, defineScrapeGauge } from "./scrape-gauge";

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
  // The worker counts attempts into latency buckets in Redis as running totals: a histogram's own shape.
  defineScrapeFamily({
    name: "steward_webhook_attempt_duration_seconds",
    help: "How long webhook attempts took to be answered (running totals kept in Redis since it began counting)",
    type: "histogram",
    read: async () => {
      const counts = await stats();
      const all = Number(counts.delivered ?? 0) + Number(counts.failed ?? 0);
      return [
        ...LATENCY_BUCKETS_MS.map((bound) => ({
          suffix: "_bucket" as const,
          labels: { le: String(bound / 1000) },
          value: Number(counts[`le_${bound}`] ?? 0),
        })),
        { suffix: "_bucket", labels: { le: "+Inf" }, value: all },
        { suffix: "_sum", labels: {}, value: Number(counts.latency_ms_sum ?? 0) / 1000 },
        { suffix: "_count", labels: {}, value: all },
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
