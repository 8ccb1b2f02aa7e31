import { HOUR } from "./buckets";

/**
 * Hourly metric series with known anomalies, from a seeded generator: the demo data, the detection
 * tests and the accuracy benchmark use the same shapes, so what the bench measures is what runs.
 */
export type SeriesShape = {
  level: number;
  /** Standard deviation of the noise, relative to the level */
  noise: number;
  /** Amplitude of the daily cycle (peak mid-afternoon UTC), relative to the level */
  daily: number;
  /** How much lower weekends are, relative to the level */
  weekend: number;
};

export type InjectionKind = "spike" | "drop" | "level_shift";
/** `size` is in noise standard deviations; a level shift lasts to the end, the others `hours`. */
export type Injection = { kind: InjectionKind; at: number; hours: number; size: number };
export type Label = { kind: InjectionKind; from: Date; to: Date };

/** Standard normal by Box–Muller. */
export function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** The expected value at a moment: level with its daily cycle and weekend dip. */
export function seasonalLevel(shape: SeriesShape, at: Date): number {
  const hour = at.getUTCHours();
  const weekday = at.getUTCDay();
  const cycle = shape.daily * Math.sin((2 * Math.PI * (hour - 9)) / 24);
  const weekend = weekday === 0 || weekday === 6 ? -shape.weekend : 0;
  return shape.level * (1 + cycle + weekend);
}

/**
 * `hours` points from `start`, with the injections applied and labelled (a level shift is labelled
 * over its first `hours`: the stretch in which a detector should notice it).
 */
export function syntheticSeries(
  random: () => number,
  options: { start: Date; hours: number; shape: SeriesShape; injections?: Injection[] },
): { points: { at: Date; value: number }[]; labels: Label[] } {
  const { start, hours, shape, injections = [] } = options;
  const sigma = shape.noise * shape.level;
  const points = Array.from({ length: hours }, (_, i) => {
    const at = new Date(start.getTime() + i * HOUR);
    let value = seasonalLevel(shape, at) + gaussian(random) * sigma;
    for (const injection of injections) {
      const inside =
        i >= injection.at && (injection.kind === "level_shift" || i < injection.at + injection.hours);
      if (!inside) continue;
      value += (injection.kind === "drop" ? -1 : 1) * injection.size * sigma;
    }
    return { at, value: Math.max(0, Math.round(value * 100) / 100) };
  });
  const labels = injections.map((injection) => ({
    kind: injection.kind,
    from: new Date(start.getTime() + injection.at * HOUR),
    to: new Date(start.getTime() + (injection.at + injection.hours) * HOUR),
  }));
  return { points, labels };
}
