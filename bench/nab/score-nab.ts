// Scoring alarm events against labelled windows on a series' hourly rows, after NAB's probationary
// period. Window level: a window is hit when an event overlaps it; an event that overlaps no window
// is one false positive. NAB standard profile (numenta/NAB nab/sweeper.py): the earliest alarm in
// a window earns the scaled sigmoid of its position (1 at the window's start, falling towards 0 at
// its end), a missed window costs 1, an alarm outside every window costs 0.11 × the scaled sigmoid
// of its distance past the previous window (the full 0.11 when there is none); normalized so the
// null detector scores 0 and a perfect one 100. An event's alarm is its first hour, and, for each
// window it runs into, the window's first hour it is on (the alarm is still sounding then).
const HOUR = 3_600_000;
const TP_WEIGHT = 1;
const FP_WEIGHT = 0.11;
const FN_WEIGHT = 1;

/** numenta/NAB's scaledSigmoid: 2·sigmoid(−5x) − 1, and −1 from 3 window widths past a window. */
export function scaledSigmoid(position: number): number {
  return position >= 3 ? -1 : 2 / (1 + Math.exp(5 * position)) - 1;
}

export type Event = { first: number; last: number };
export type SeriesScore = {
  windows: number;
  hit: number;
  falsePositives: number;
  /** Hours from each hit window's start to the first alarmed hour inside it */
  delays: number[];
  raw: number;
  nullScore: number;
  perfect: number;
};

/**
 * Scores `events` (hour starts, inclusive) on `rows` (the series' hourly bucket starts, sorted),
 * counting only rows from `scoredFrom` on; `windows` are hour-aligned and inclusive.
 */
export function scoreSeries(input: {
  rows: number[];
  scoredFrom: number;
  windows: [number, number][];
  events: Event[];
}): SeriesScore {
  const { rows, scoredFrom } = input;
  const indexAtOrAfter = (at: number) => {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid] < at) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const windows = input.windows
    .map(([from, to]) => ({ from, to, left: indexAtOrAfter(from), right: indexAtOrAfter(to + 1) - 1 }))
    .filter((w) => w.right >= w.left && w.to >= scoredFrom);
  const events = input.events
    .filter((e) => e.last >= scoredFrom)
    .map((e) => ({ first: Math.max(e.first, scoredFrom), last: e.last }));
  const overlaps = (e: Event, w: { from: number; to: number }) => e.first <= w.to && e.last >= w.from;

  let hit = 0;
  const delays: number[] = [];
  for (const w of windows) {
    const inside = events.filter((e) => overlaps(e, w));
    if (inside.length === 0) continue;
    hit++;
    delays.push((Math.max(Math.min(...inside.map((e) => e.first)), w.from) - w.from) / HOUR);
  }
  const falsePositives = events.filter((e) => !windows.some((w) => overlaps(e, w))).length;

  // NAB's sweep over the alarmed rows.
  const alarms = new Set<number>();
  for (const e of events) {
    alarms.add(indexAtOrAfter(e.first));
    for (const w of windows) if (overlaps(e, w)) alarms.add(indexAtOrAfter(Math.max(e.first, w.from)));
  }
  const best = new Map<number, number>(windows.map((_, n) => [n, -FN_WEIGHT]));
  const maxTp = scaledSigmoid(-1);
  let fp = 0;
  for (const i of [...alarms].sort((a, b) => a - b)) {
    if (i >= rows.length || rows[i] < scoredFrom) continue;
    const n = windows.findIndex((w) => i >= w.left && i <= w.right);
    if (n >= 0) {
      const w = windows[n];
      const position = -(w.right - i + 1) / (w.right - w.left + 1);
      best.set(n, Math.max(best.get(n)!, (scaledSigmoid(position) * TP_WEIGHT) / maxTp));
      continue;
    }
    const previous = windows.filter((w) => w.right < i).at(-1);
    const width = previous ? previous.right - previous.left + 1 : 0;
    const past = previous && width > 1 ? Math.abs(previous.right - i) / (width - 1) : 3;
    fp += scaledSigmoid(past) * FP_WEIGHT;
  }
  const raw = fp + [...best.values()].reduce((a, b) => a + b, 0);
  return {
    windows: windows.length,
    hit,
    falsePositives,
    delays,
    raw,
    nullScore: -FN_WEIGHT * windows.length,
    perfect: TP_WEIGHT * windows.length,
  };
}

/** Totals of several series' scores, with window precision/recall/F1 and NAB's normalized score. */
export function totalScore(scores: SeriesScore[]) {
  const sum = (pick: (s: SeriesScore) => number) => scores.reduce((a, s) => a + pick(s), 0);
  const windows = sum((s) => s.windows);
  const hit = sum((s) => s.hit);
  const falsePositives = sum((s) => s.falsePositives);
  const precision = hit + falsePositives ? hit / (hit + falsePositives) : 0;
  const recall = windows ? hit / windows : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  const nullScore = sum((s) => s.nullScore);
  const perfect = sum((s) => s.perfect);
  const nab = perfect > nullScore ? (100 * (sum((s) => s.raw) - nullScore)) / (perfect - nullScore) : NaN;
  const delays = scores.flatMap((s) => s.delays).sort((a, b) => a - b);
  return {
    windows,
    hit,
    falsePositives,
    precision,
    recall,
    f1,
    nab,
    meanDelay: delays.length ? delays.reduce((a, b) => a + b, 0) / delays.length : NaN,
    medianDelay: delays.length ? delays[Math.floor(delays.length / 2)] : NaN,
  };
}

/**
 * The plain baseline: an alarm where a bucket is ≥ k standard deviations from the mean of the
 * previous `hours` buckets (≥ 24 of them); alarms within `mergeWithinHours` of the last one extend
 * its event, as detection extends an open anomaly.
 */
export function trailingZScoreEvents(
  buckets: { at: number; value: number }[],
  options: { hours: number; k: number; mergeWithinHours: number },
): Event[] {
  const events: Event[] = [];
  let start = 0;
  for (let i = 0; i < buckets.length; i++) {
    while (buckets[start].at < buckets[i].at - options.hours * HOUR) start++;
    const history = buckets.slice(start, i).map((b) => b.value);
    if (history.length < 24) continue;
    const mean = history.reduce((a, b) => a + b, 0) / history.length;
    const sd = Math.sqrt(history.reduce((a, b) => a + (b - mean) ** 2, 0) / history.length);
    if (Math.abs(buckets[i].value - mean) < options.k * Math.max(sd, 1e-9)) continue;
    const last = events.at(-1);
    if (last && buckets[i].at - last.last <= options.mergeWithinHours * HOUR) last.last = buckets[i].at;
    else events.push({ first: buckets[i].at, last: buckets[i].at });
  }
  return events;
}
