import { describe, expect, it } from "vitest";
import { seededRandom } from "@/lib/seed/random";
import {
  ADAPTIVE,
  judgeNextBucket,
  replayAdaptive,
  type AdaptiveOptions,
  type AdaptivePoint,
} from "./adaptive-model";
import { gaussian } from "./synthetic-series";

const HOUR = 3_600_000;
/** A Monday, midnight UTC */
const START = Date.parse("2026-10-05T00:00:00Z");
const OPTIONS: AdaptiveOptions = { counts: false, timeZone: "UTC", threshold: 3, seriesId: 7 };

/** `days` of hourly buckets from START, value(hour index, random). */
function series(
  days: number,
  seed: number,
  value: (i: number, random: () => number) => number,
): AdaptivePoint[] {
  const random = seededRandom(seed);
  return Array.from({ length: days * 24 }, (_, i) => ({ at: START + i * HOUR, value: value(i, random) }));
}

const flat = (i: number, random: () => number) => 100 + 5 * gaussian(random);
/** A strong daily rhythm: 40 at night, 200 mid-afternoon. */
const daily = (i: number, random: () => number) =>
  120 - 80 * Math.cos((2 * Math.PI * ((i % 24) - 3)) / 24) + 4 * gaussian(random);

/** Indexes of the buckets judged anomalous. */
function alarms(points: AdaptivePoint[], options: AdaptiveOptions = OPTIONS): number[] {
  return replayAdaptive(points, options)
    .map((r, i) => (r.judgement && Math.abs(r.judgement.z) >= options.threshold ? i : -1))
    .filter((i) => i >= 0);
}

describe("adaptive detector", () => {
  it("flags a spike and a drop on noise, and nothing else", () => {
    const points = series(14, 1, flat);
    points[10 * 24 + 5].value = 100 + 10 * 5;
    points[12 * 24 + 9].value = 100 - 10 * 5;
    expect(alarms(points)).toEqual([10 * 24 + 5, 12 * 24 + 9]);
    const judged = replayAdaptive(points, OPTIONS);
    expect(judged[10 * 24 + 5].judgement!.z).toBeGreaterThan(3);
    expect(judged[12 * 24 + 9].judgement!.z).toBeLessThan(-3);
  });

  it("alarms on a level shift, then learns the new level", () => {
    const shiftAt = 10 * 24;
    const points = series(16, 2, (i, random) => flat(i, random) + (i >= shiftAt ? 60 : 0));
    const found = alarms(points);
    expect(found[0]).toBe(shiftAt);
    // The shift is confirmed after ADAPTIVE.shiftConfirmPoints buckets; from then on it is normal.
    expect(found.every((i) => i < shiftAt + ADAPTIVE.shiftConfirmPoints)).toBe(true);
    const last = replayAdaptive(points, OPTIONS).at(-1)!.judgement!;
    expect(last.expected).toBeGreaterThan(150);
  });

  it("finds the daily rhythm and flags a dip that is normal at night but not mid-afternoon", () => {
    const points = series(14, 3, daily);
    const afternoon = 12 * 24 + 15;
    const night = 12 * 24 + 3;
    points[afternoon].value = 45; // a night-time value at the busiest hour
    points[night].value = 45; // the same value where it belongs
    const judged = replayAdaptive(points, OPTIONS);
    expect(judged[afternoon].judgement!.period).toBe(24);
    expect(alarms(points)).toEqual([afternoon]);
    expect(judged[night].judgement!.low).toBeLessThan(45);
  });

  it("stays quiet on heavy-tailed noise: at most what its calibration allows (once in four weeks)", () => {
    // Laplace noise: a bucket beyond 4.5 standard deviations every few days.
    const noise = (random: () => number) => (random() < 0.5 ? -1 : 1) * 3 * Math.log(1 - random());
    const points = series(28, 4, (i, random) => 100 + noise(random));
    const judged = alarms(points).filter((i) => i >= 7 * 24);
    expect(judged.length).toBeLessThanOrEqual(1);
    // A fixed 3σ rule on the same three weeks alarms again and again.
    const sd = 3 * Math.SQRT2;
    expect(
      points.slice(7 * 24).filter((p) => Math.abs(p.value - 100) >= 3 * sd).length,
    ).toBeGreaterThanOrEqual(3);
  });

  it("does not collapse its spread on a bimodal series", () => {
    // 60 % of the hours at exactly 0, the rest around 100: the MAD of the values is 0.
    const points = series(21, 5, (i, random) => (random() < 0.6 ? 0 : 100 + 5 * gaussian(random)));
    expect(alarms(points).filter((i) => i >= 3 * 24)).toEqual([]);
    expect(replayAdaptive(points, OPTIONS).at(-1)!.judgement!.sigma).toBeGreaterThan(20);
  });

  it("judges a new series within its first day and a half", () => {
    const points = series(3, 6, flat);
    points[40].value = 200;
    const judged = replayAdaptive(points, OPTIONS);
    const firstJudged = judged.findIndex((r) => r.judgement);
    expect(firstJudged).toBeGreaterThanOrEqual(ADAPTIVE.minPoints);
    expect(firstJudged).toBeLessThanOrEqual(ADAPTIVE.minPoints + 6);
    expect(alarms(points)).toEqual([40]);
  });

  it("judges counts on the square-root scale, so the band is wider above than below", () => {
    const points = series(10, 7, (i, random) =>
      Math.max(0, Math.round(50 + Math.sqrt(50) * gaussian(random))),
    );
    const last = replayAdaptive(points, { ...OPTIONS, counts: true }).at(-1)!.judgement!;
    expect(last.high - last.expected).toBeGreaterThan(last.expected - last.low);
  });

  it("arrives at the same judgement when started fresh at any bucket as when stepped from the start", () => {
    const points = series(20, 8, daily);
    const stepped = replayAdaptive(points, OPTIONS);
    for (const index of [5 * 24 + 7, 9 * 24, 15 * 24 + 13, 19 * 24 + 23]) {
      const fresh = judgeNextBucket(null, points[index], () => points.slice(0, index), OPTIONS);
      expect(fresh.judgement).toEqual(stepped[index].judgement);
    }
  });
});
