import { Counter, Gauge } from "prom-client";
import { logger } from "@/lib/logger";
import { withTimeout } from "@/lib/with-timeout";
import { defineMetric } from "./registry";

export type GaugeSample<L extends string> = { labels: Record<L, string>; value: number };

/** A dependency that hangs must not hold the whole scrape past Prometheus's own timeout (10 s by default). */
const READ_TIMEOUT_MS = 2_000;

/** Failed reads, so an empty gauge can be told apart from a quiet system. */
export function scrapeErrors() {
  return defineMetric(
    "steward_metrics_read_errors_total",
    (registry) =>
      new Counter({
        name: "steward_metrics_read_errors_total",
        help: "Scrape-time reads of Redis or Postgres that failed or timed out, by metric",
        labelNames: ["metric"] as const,
        registers: [registry],
      }),
  );
}

// Refreshers of every scrape gauge, kept with the registry's metrics across dev reloads.
const holder = globalThis as unknown as { stewardScrapeGauges?: Map<string, () => Promise<void>> };

/**
 * A gauge read from shared state (Redis, Postgres) at every scrape. The worker is another process
 * without an endpoint, so what it did is only visible to the web app through that state.
 * A failed read leaves the gauge empty for that scrape: series going stale are honest, a
 * last-known value presented as current is not.
 */
export function defineScrapeGauge<L extends string>(options: {
  name: string;
  help: string;
  labelNames: readonly L[];
  read: () => Promise<GaugeSample<L>[]>;
}): Gauge<L> {
  return defineMetric(options.name, (registry) => {
    const gauge = new Gauge<L>({
      name: options.name,
      help: options.help,
      labelNames: options.labelNames,
      registers: [registry],
    });
    holder.stewardScrapeGauges ??= new Map();
    holder.stewardScrapeGauges.set(options.name, async () => {
      let samples: GaugeSample<L>[] = [];
      try {
        samples = await withTimeout(options.read(), READ_TIMEOUT_MS);
      } catch (error) {
        scrapeErrors().inc({ metric: options.name });
        logger.warn({ metric: options.name, err: (error as Error).message }, "metric read failed");
      }
      // Reset and refill with no await in between, so an overlapping scrape never sees a half-filled gauge.
      gauge.reset();
      for (const sample of samples) gauge.set(sample.labels, sample.value);
    });
    return gauge;
  });
}

/**
 * Reads every scrape gauge, in parallel. Done before rendering rather than in prom-client's
 * `collect`, which runs alongside the rendering of other metrics: the error counter would then
 * report a failure one scrape late.
 */
export async function refreshScrapeGauges(): Promise<void> {
  await Promise.all([...(holder.stewardScrapeGauges?.values() ?? [])].map((refresh) => refresh()));
}
