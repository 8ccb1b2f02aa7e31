/** Small robust statistics for the adaptive detector; every function leaves its input unsorted. */

/** The q-quantile (0…1) of values, by linear interpolation; NaN when empty. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

export const median = (values: readonly number[]) => quantile(values, 0.5);

/**
 * A scale that stays honest on awkward data: the larger of 1.4826 × MAD (robust to outliers) and
 * 1.2533 × the mean absolute deviation of the values clipped to their 2nd–98th percentiles. Both
 * estimate σ for normal noise; the second cannot collapse to 0 when more than half the values are
 * equal (a bimodal, spiky or mostly-zero series), where the MAD does.
 */
export function robustScale(values: readonly number[]): number {
  if (values.length < 2) return 0;
  const center = median(values);
  const mad = median(values.map((v) => Math.abs(v - center)));
  const low = quantile(values, 0.02);
  const high = quantile(values, 0.98);
  const meanAbs =
    values.reduce((sum, v) => sum + Math.abs(Math.min(high, Math.max(low, v)) - center), 0) / values.length;
  return Math.max(1.4826 * mad, 1.2533 * meanAbs);
}
