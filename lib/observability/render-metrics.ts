import { metricsRegistry } from "./registry";
import { registerHttpMetrics } from "./http-metrics";
import { registerQueueMetrics } from "./queue-metrics";
import { registerJobMetrics } from "./job-metrics";
import { registerEmailMetrics } from "./email-metrics";
import { registerWebhookMetrics } from "./webhook-metrics";
import { refreshScrapeGauges, scrapeErrors } from "./scrape-gauge";

/** Every metric in Prometheus's text format; queue, job and email figures are read from Redis and Postgres now. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  registerHttpMetrics();
  registerQueueMetrics();
  registerJobMetrics();
  registerEmailMetrics();
  registerWebhookMetrics();
  scrapeErrors();
  await refreshScrapeGauges();
  const registry = metricsRegistry();
  return { contentType: registry.contentType, body: await registry.metrics() };
}
