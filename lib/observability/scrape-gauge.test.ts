import { describe, expect, it } from "vitest";
import { metricsRegistry } from "./registry";
import { defineScrapeGauge, refreshScrapeGauges, scrapeErrors } from "./scrape-gauge";

describe("defineScrapeGauge", () => {
  it("refills the gauge from its read at every scrape, dropping series that are gone", async () => {
    let samples = [
      { labels: { status: "a" }, value: 1 },
      { labels: { status: "b" }, value: 2 },
    ];
    defineScrapeGauge({
      name: "test_refilled",
      help: "test",
      labelNames: ["status"],
      read: async () => samples,
    });
    await refreshScrapeGauges();
    expect(await metricsRegistry().getSingleMetricAsString("test_refilled")).toContain(
      'test_refilled{status="b"} 2',
    );
    samples = [{ labels: { status: "a" }, value: 3 }];
    await refreshScrapeGauges();
    const text = await metricsRegistry().getSingleMetricAsString("test_refilled");
    expect(text).toContain('test_refilled{status="a"} 3');
    expect(text).not.toContain('status="b"');
  });

  it("leaves the gauge empty and counts the error when a read fails, without failing the scrape", async () => {
    defineScrapeGauge({
      name: "test_broken",
      help: "test",
      labelNames: ["status"],
      read: async () => Promise.reject(new Error("redis down")),
    });
    scrapeErrors();
    await refreshScrapeGauges();
    const text = await metricsRegistry().metrics();
    expect(text).not.toMatch(/^test_broken\{/m);
    expect(text).toContain('steward_metrics_read_errors_total{metric="test_broken"} 1');
  });
});
