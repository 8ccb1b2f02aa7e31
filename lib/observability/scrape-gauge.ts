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

/** Registers `read` to run at every scrape; a failed or slow read hands `apply` nothing, counted as an error. */
function refreshAtScrape<T>(name: string, read: () => Promise<T[]>, apply: (samples: T[]) => void): void {
  holder.stewardScrapeGauges ??= new Map();
  holder.stewardScrapeGauges.set(name, async () => {
    let samples: T[] = [];
    try {
      samples = await withTimeout(read(), READ_TIMEOUT_MS);
    } catch (error) {
      scrapeErrors().inc({ metric: name });
      logger.warn({ metric: name, err: (error as Error).message }, "metric read failed");
    }
    apply(samples);
  });
}

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
    refreshAtScrape(options.name, options.read, (samples) => {
      // Reset and refill with no await in between, so an overlapping scrape never sees a half-filled gauge.
      gauge.reset();
      for (const sample of samples) gauge.set(sample.labels, sample.value);
    });
    return gauge;
  });
}

/** One line of a summary or histogram: `suffix` names its _bucket, _sum or _count series. */
export type FamilySample = {
  suffix?: "_bucket" | "_sum" | "_count";
  labels: Record<string, string>;
  value: number;
};

/**
 * A summary or histogram read whole from shared state at every scrape, like defineScrapeGauge:
 * prom-client's own Summary and Histogram only count what this process observed, while these
 * figures are the worker's, kept in Redis. Exposed with its real type, so Prometheus tooling
 * (`promtool check metrics`, histogram_quantile) reads it as one.
 */
export function defineScrapeFamily(options: {
  name: string;
  help: string;
  type: "summary" | "histogram";
  read: () => Promise<FamilySample[]>;
}): void {
  defineMetric(options.name, (registry) => {
    let values: { metricName: string; labels: Record<string, string>; value: number }[] = [];
    const family = {
      name: options.name,
      help: options.help,
      type: options.type,
      aggregator: "sum" as const,
      get: async () => ({
        name: options.name,
        help: options.help,
        type: options.type,
        values,
        aggregator: "sum",
      }),
      reset: () => void (values = []),
    };
    registry.registerMetric(family as unknown as Parameters<typeof registry.registerMetric>[0]);
    refreshAtScrape(options.name, options.read, (samples) => {
      values = samples.map(({ suffix = "", labels, value }) => ({
        metricName: `${options.name}${suffix}`,
        labels,
        value,
      }));
    });
    return family;
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
