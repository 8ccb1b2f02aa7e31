import { collectDefaultMetrics, Registry } from "prom-client";

// Next's dev server re-evaluates modules on change, and prom-client throws when a name is
// registered twice; so the registry and every metric on it live on globalThis, made once per process.
const holder = globalThis as unknown as {
  stewardMetrics?: { registry: Registry; metrics: Map<string, unknown> };
};

function shared() {
  if (!holder.stewardMetrics) {
    const registry = new Registry();
    // CPU, memory, event-loop lag and GC of the process that answers the scrape: the web app.
    collectDefaultMetrics({ register: registry });
    // Gauges named like counters, which Prometheus tooling refuses; the same figures stay by type
    // (nodejs_active_handles{type}, nodejs_active_requests{type}, nodejs_active_resources{type}).
    for (const name of [
      "nodejs_active_handles_total",
      "nodejs_active_requests_total",
      "nodejs_active_resources_total",
    ])
      registry.removeSingleMetric(name);
    holder.stewardMetrics = { registry, metrics: new Map() };
  }
  return holder.stewardMetrics;
}

/** The process's one Prometheus registry. */
export function metricsRegistry(): Registry {
  return shared().registry;
}

/** The metric called `name`, created on the shared registry the first time anyone asks for it. */
export function defineMetric<T>(name: string, create: (registry: Registry) => T): T {
  const { registry, metrics } = shared();
  if (!metrics.has(name)) metrics.set(name, create(registry));
  return metrics.get(name) as T;
}
