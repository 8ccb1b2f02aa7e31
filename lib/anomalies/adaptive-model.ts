import { DAY, HOUR } from "./buckets";
import { localSlot } from "./local-slots";
import { median, quantile, robustScale } from "./robust-stats";

/**
 * The adaptive detector: per series, a model fitted on its own last four weeks of hourly buckets,
 * refitted daily, and advanced bucket by bucket between fits.
 *
 * - Counts (a summed metric that never goes negative) are judged on the square-root scale
 *   (Anscombe's 2√(x + 3/8), which makes Poisson noise about 1 at any rate: a busy hour's noise and
 *   a quiet hour's are comparable, without log1p's squashing of bursts); other metrics as they are.
 * - Seasonality is detected per series: the daily (24 h) and weekly (168 h) profiles (per-slot
 *   medians in the tenant's time zone, after removing a moving average) are kept when they explain
 *   at least 30 % of the variation, corrected for the number of slots; the weekly one needs two weeks
 *   of history, the daily one three days.
 * - Expected = the level (median of the last 24 deseasonalized buckets) + the slot's profile value.
 * - The spread is robust with a floor (`robustScale`: MAD, never below the clipped mean absolute
 *   deviation, so bimodal or spiky series do not collapse it), per local hour of day for seasonal
 *   series (shrunk towards the series' overall spread), and never below 1 % of the level (for counts:
 *   half the Poisson noise).
 * - The threshold (the metric's, in σ) is calibrated per series on its own residuals (peaks over
 *   threshold, see `calibrate`): a heavy-tailed series does not alarm every day while a Gaussian one
 *   keeps its 3σ; until a week of residuals exists, σ is widened by 1.5.
 * - Out-of-band buckets enter the level clipped to the band's edge (they do not drag the baseline);
 *   six in a row on one side are a confirmed level shift: the level restarts from them, so the new
 *   normal stops alarming.
 * - Cold start: judged from 24 buckets of history (one day, at the next 6-hourly refit), refitted
 *   every 6 hours in the first week.
 */
export const ADAPTIVE = {
  windowDays: 28,
  minPoints: 24,
  levelPoints: 24,
  shiftConfirmPoints: 6,
  minSeasonalStrength: 0.3,
  weeklyMargin: 0.1,
  /** An hour's own spread is shrunk towards the series' as if that had this many buckets */
  spreadPrior: 24,
  maxCalibration: 5,
  /** Calibration: ordinary history passes the threshold about once per this many buckets (the window) */
  rareEveryHours: 28 * 24,
  coldStartCalibration: 1.5,
} as const;

export type AdaptivePoint = { at: number; value: number };
export type AdaptiveOptions = {
  /** Square-root scale: the metric sums counts */
  counts: boolean;
  timeZone: string;
  /** The metric's threshold in σ */
  threshold: number;
  /** Spreads daily refits of a metric's series over the hours of the day */
  seriesId: number;
};

export type AdaptiveModel = {
  /** Judged on the square-root scale (a count) */
  counts: boolean;
  /** 0 (none), 24 (hour of day) or 168 (weekday and hour) */
  period: number;
  profile: number[];
  /** Per local hour for a seasonal series, else one */
  scale: number[];
  calibration: number;
  points: number;
  refitAt: number;
  /** The last deseasonalized buckets (out-of-band ones clipped), whose median is the level */
  recent: number[];
  /** Consecutive out-of-band deseasonalized buckets on side `runSide` */
  run: number[];
  runSide: number;
};

/** How one bucket was judged, with the band the chart draws (original units). */
export type AdaptiveJudgement = {
  expected: number;
  low: number;
  high: number;
  /** Standardized residual: in calibrated σ, the threshold is the metric's */
  z: number;
  /** Calibrated σ in the judged scale (square root for counts) */
  sigma: number;
  period: number;
  points: number;
};

const forward = (counts: boolean, value: number) =>
  counts ? 2 * Math.sqrt(Math.max(0, value) + 0.375) : value;
const inverse = (counts: boolean, value: number) => (counts ? Math.max(0, (value / 2) ** 2 - 0.375) : value);
const slotsOf = (period: number) => Math.max(1, period);
const hourOf = (at: number, timeZone: string) => localSlot(at, 24, timeZone);

/** The smallest spread a level allows: 1 % of it, or for counts half their Poisson noise. */
function floorFor(counts: boolean, level: number): number {
  if (counts) return 0.5;
  return Math.max(1e-6, 0.01 * Math.abs(level));
}

/** Centered moving average over `width` hours of values on an hourly grid (NaN = missing). */
function movingAverage(grid: number[], width: number): number[] {
  const sums = [0];
  const counts = [0];
  for (const v of grid) {
    sums.push(sums.at(-1)! + (Number.isNaN(v) ? 0 : v));
    counts.push(counts.at(-1)! + (Number.isNaN(v) ? 0 : 1));
  }
  const half = Math.floor(width / 2);
  return grid.map((_, i) => {
    const from = Math.max(0, i - half);
    const to = Math.min(grid.length, i + half + 1);
    return (sums[to] - sums[from]) / Math.max(1, counts[to] - counts[from]);
  });
}

/** Per-slot medians of `values` (centred on their median) and how much of the variation they explain. */
function seasonalProfile(values: number[], slots: number[], period: number) {
  const bySlot: number[][] = Array.from({ length: period }, () => []);
  values.forEach((v, i) => bySlot[slots[i]].push(v));
  const raw = bySlot.map((slot) => (slot.length ? median(slot) : NaN));
  const center = median(raw.filter((v) => !Number.isNaN(v)));
  const profile = raw.map((v) => (Number.isNaN(v) ? 0 : v - center));
  const used = bySlot.filter((slot) => slot.length).length;
  const total = robustScale(values);
  const rest = robustScale(values.map((v, i) => v - profile[slots[i]]));
  const freedom = values.length / Math.max(1, values.length - used);
  const strength = total > 0 ? 1 - (rest * rest * freedom) / (total * total) : 0;
  return { profile, strength };
}

/** Judges deseasonalized value `z` against the state and advances it (level, level-shift run). */
function advance(
  state: Pick<AdaptiveModel, "recent" | "run" | "runSide">,
  z: number,
  sigma: number,
  threshold: number,
): { residual: number; out: boolean } {
  const level = median(state.recent);
  const residual = z - level;
  const out = Math.abs(residual) >= threshold * sigma;
  if (out) {
    const side = Math.sign(residual);
    if (side !== state.runSide) state.run = [];
    state.runSide = side;
    state.run.push(z);
    if (state.run.length >= ADAPTIVE.shiftConfirmPoints) {
      // A confirmed level shift: the new normal is what the last buckets say.
      state.recent = [...state.run];
      state.run = [];
      state.runSide = 0;
    } else state.recent.push(level + side * threshold * sigma);
  } else {
    state.run = [];
    state.runSide = 0;
    state.recent.push(z);
  }
  if (state.recent.length > ADAPTIVE.levelPoints)
    state.recent.splice(0, state.recent.length - ADAPTIVE.levelPoints);
  return { residual, out };
}

/**
 * How much to widen the spread so that the threshold is as rare on this series as on normal noise:
 * the tail of its standardized residuals beyond their 90th percentile, taken as exponential (peaks
 * over threshold, scale = the mean excess, its maximum-likelihood estimate), gives
 * the level exceeded once per four weeks of hourly buckets; when that is above the threshold, σ grows
 * by the ratio (× 1 … ADAPTIVE.maxCalibration). Normal noise gives about 3.7: at 3σ, about what a normal series passes once a month.
 */
function calibrate(standardized: number[], threshold: number): number {
  if (standardized.length < ADAPTIVE.minPoints) return 1;
  const start = quantile(standardized, 0.9);
  const excess = standardized.filter((u) => u > start).map((u) => u - start);
  if (excess.length < 3) return 1;
  const tailScale = excess.reduce((a, b) => a + b, 0) / excess.length;
  const rare = start + tailScale * Math.log(0.1 * ADAPTIVE.rareEveryHours);
  return Math.min(ADAPTIVE.maxCalibration, Math.max(1, rare / threshold));
}

/**
 * The hours a series' model is refitted at: every 6 hours in its first week, then daily, at hours
 * offset by the series id (so a metric's series do not all refit in the same pass). A model is
 * always the fit at the latest of these hours advanced bucket by bucket, so its state is a function
 * of the series' points alone: detection, a restarted worker and the chart all arrive at the same one.
 */
function refitHours(at: number, firstAt: number): number {
  return at - firstAt < 7 * DAY ? 6 : 24;
}

/** The latest refit hour at or before `at`. */
export function refitAnchor(at: number, firstAt: number, seriesId: number): number {
  const every = refitHours(at, firstAt);
  const hour = Math.floor(at / HOUR);
  return (hour - ((((hour - seriesId) % every) + every) % every)) * HOUR;
}

/**
 * Fits a model on `history` (the series' buckets before `at`, oldest first; only the last
 * ADAPTIVE.windowDays are used), ready to judge the bucket at `at`; null before the cold start is over.
 */
export function fitAdaptiveModel(
  history: AdaptivePoint[],
  at: number,
  options: AdaptiveOptions,
): AdaptiveModel | null {
  const points = history.filter((p) => p.at < at && p.at >= at - ADAPTIVE.windowDays * DAY);
  if (points.length < ADAPTIVE.minPoints) return null;
  const counts = options.counts && points.every((p) => p.value >= 0);
  const ys = points.map((p) => forward(counts, p.value));
  const first = points[0].at;
  const span = (points.at(-1)!.at - first) / HOUR + 1;

  // Seasonality: profiles of what remains after a moving average, kept when they explain enough.
  const grid = Array.from({ length: span }, () => NaN);
  points.forEach((p, i) => (grid[(p.at - first) / HOUR] = ys[i]));
  const trend = movingAverage(grid, span >= 14 * 24 ? 168 : 24);
  const detrended = points.map((p, i) => ys[i] - trend[(p.at - first) / HOUR]);
  let period = 0;
  let profile = [0];
  let best: number = ADAPTIVE.minSeasonalStrength;
  for (const candidate of [24, 168]) {
    if (span < (candidate === 24 ? 3 * 24 : 14 * 24)) continue;
    const slots = points.map((p) => localSlot(p.at, candidate, options.timeZone));
    const fitted = seasonalProfile(detrended, slots, candidate);
    // A weekly profile has 7× the slots of a daily one: it must explain clearly more to be kept.
    const needed = candidate === 168 && period === 24 ? best + ADAPTIVE.weeklyMargin : best;
    if (fitted.strength > needed) [period, profile, best] = [candidate, fitted.profile, fitted.strength];
  }
  const zs = points.map(
    (p, i) => ys[i] - profile[localSlot(p.at, period, options.timeZone) % slotsOf(period)],
  );

  // Residuals as the detector would have seen them, with a provisional spread.
  const state = { recent: zs.slice(0, 6), run: [] as number[], runSide: 0 };
  const provisional = robustScale(
    zs
      .slice(1)
      .map((z, i) => z - zs[i])
      .map((d) => d / Math.SQRT2),
  );
  const floor = floorFor(counts, median(zs));
  const sigma0 = Math.max(provisional, robustScale(zs) * 0.1, floor);
  const residuals: { residual: number; hour: number }[] = [];
  for (let i = 6; i < zs.length; i++) {
    const { residual } = advance(state, zs[i], sigma0, options.threshold);
    residuals.push({ residual, hour: hourOf(points[i].at, options.timeZone) });
  }
  const all = residuals.map((r) => r.residual);
  const overall = Math.max(robustScale(all), floor);
  const scale =
    period === 0
      ? [overall]
      : Array.from({ length: 24 }, (_, hour) => {
          const own = residuals.filter((r) => r.hour === hour).map((r) => r.residual);
          const s = own.length >= 2 ? robustScale(own) : overall;
          return Math.max(
            floor,
            Math.sqrt(
              (own.length * s * s + ADAPTIVE.spreadPrior * overall * overall) /
                (own.length + ADAPTIVE.spreadPrior),
            ),
          );
        });
  const standardized = residuals.map((r) => Math.abs(r.residual) / scale[period === 0 ? 0 : r.hour]);
  // Until a week of residuals shows the series' tail, assume a moderately heavy one.
  const calibration = Math.max(
    calibrate(standardized, options.threshold),
    standardized.length < 7 * 24 ? ADAPTIVE.coldStartCalibration : 1,
  );
  return {
    counts,
    period,
    profile,
    scale,
    calibration,
    points: points.length,
    refitAt: at + refitHours(at, points[0].at) * HOUR,
    recent: state.recent,
    run: state.run,
    runSide: state.runSide,
  };
}

/** Judges one bucket with a model and advances the model past it (the model is not mutated). */
export function judgeWithModel(
  model: AdaptiveModel,
  bucket: AdaptivePoint,
  options: AdaptiveOptions,
): { judgement: AdaptiveJudgement; model: AdaptiveModel } {
  const next = { ...model, recent: [...model.recent], run: [...model.run] };
  const seasonal =
    model.profile[localSlot(bucket.at, model.period, options.timeZone) % slotsOf(model.period)];
  const level = median(model.recent);
  const sigma = Math.max(
    model.scale[model.period === 0 ? 0 : hourOf(bucket.at, options.timeZone)] * model.calibration,
    floorFor(model.counts, level),
  );
  const { residual } = advance(
    next,
    forward(model.counts, bucket.value) - seasonal,
    sigma,
    options.threshold,
  );
  const center = level + seasonal;
  return {
    judgement: {
      expected: inverse(model.counts, center),
      low: inverse(model.counts, center - options.threshold * sigma),
      high: inverse(model.counts, center + options.threshold * sigma),
      z: Math.max(-999, Math.min(999, residual / sigma)),
      sigma,
      period: model.period,
      points: model.points,
    },
    model: next,
  };
}

/**
 * The next bucket of a series, judged as detection judges it: when the model is missing or due, it
 * is refitted at the latest refit hour and advanced through the buckets since (`history`, the
 * series' buckets before this one, at least ADAPTIVE.windowDays + 1 days of them, is read only
 * then); null while the cold start lasts.
 */
export function judgeNextBucket(
  model: AdaptiveModel | null,
  bucket: AdaptivePoint,
  history: () => AdaptivePoint[],
  options: AdaptiveOptions,
): { judgement: AdaptiveJudgement | null; model: AdaptiveModel | null } {
  let current = model;
  if (!current || bucket.at >= current.refitAt) {
    const past = history();
    const anchor = refitAnchor(bucket.at, past[0]?.at ?? bucket.at, options.seriesId);
    current = fitAdaptiveModel(past, anchor, options);
    for (const point of past) {
      if (current && point.at >= anchor) current = judgeWithModel(current, point, options).model;
    }
  }
  if (!current) return { judgement: null, model: null };
  return judgeWithModel(current, bucket, options);
}

/** Every bucket of a series judged in order from its first, as detection does: the chart's band and the tests. */
export function replayAdaptive(
  points: AdaptivePoint[],
  options: AdaptiveOptions,
): { at: number; value: number; judgement: AdaptiveJudgement | null }[] {
  let model: AdaptiveModel | null = null;
  return points.map((point, index) => {
    const result = judgeNextBucket(model, point, () => points.slice(0, index), options);
    model = result.model;
    return { ...point, judgement: result.judgement };
  });
}
