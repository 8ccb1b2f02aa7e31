import { describe, expect, it } from "vitest";
import { durationQuantiles } from "./job-metrics";

describe("durationQuantiles", () => {
  const now = Date.UTC(2026, 10, 23, 12);
  const run = (seconds: number, finishedAgoMs: number) => ({
    processedOn: now - finishedAgoMs - seconds * 1000,
    finishedOn: now - finishedAgoMs,
  });

  it("interpolates like percentile_cont over the runs that finished in the last hour", () => {
    const runs = [run(1, 60_000), run(4, 60_000), run(2, 60_000), run(3, 60_000), run(100, 2 * 3600_000)];
    const [median, p90, p99] = durationQuantiles(runs, now)!;
    expect(median).toBe(2.5);
    expect(p90).toBeCloseTo(3.7);
    expect(p99).toBeCloseTo(3.97);
  });

  it("skips jobs that never started and says nothing when no run is in the window", () => {
    expect(durationQuantiles([{ finishedOn: now }, run(5, 3 * 3600_000)], now)).toBeNull();
    expect(durationQuantiles([run(2, 0)], now)).toEqual([2, 2, 2]);
  });
});
