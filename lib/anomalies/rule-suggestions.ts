/** Share of a metric's false positives a suggested threshold should have avoided ("about 80%"). */
const AVOIDED_SHARE = 0.8;
/** The rules editor accepts thresholds up to this (see updateMetricRuleSchema). */
const MAX_THRESHOLD = 10;

export type ThresholdSuggestion =
  | { kind: "raise"; threshold: number; avoided: number; falsePositives: number; confirmed: number }
  | { kind: "none"; reason: string };

/**
 * The smallest threshold, in steps of 0.1 from the current one, at which about 80% of the metric's
 * false positives would not have fired (their peak |z| below it) while every confirmed (resolved)
 * anomaly still would (peak |z| at or above it). A bucket fires at |z| ≥ threshold, so a false
 * positive with |z| = 3.3 is avoided from 3.4 on, and a confirmed one with |z| = 3.4 is kept at 3.4.
 */
export function suggestThreshold(input: {
  current: number;
  falsePositivePeaks: number[];
  confirmedPeaks: number[];
}): ThresholdSuggestion {
  const falsePositives = input.falsePositivePeaks.map(Math.abs);
  const confirmed = input.confirmedPeaks.map(Math.abs);
  if (falsePositives.length === 0) return { kind: "none", reason: "No false positives so far." };
  const target = Math.max(1, Math.round(falsePositives.length * AVOIDED_SHARE));
  const avoidedAt = (threshold: number) => falsePositives.filter((z) => z < threshold).length;
  if (avoidedAt(input.current) >= target)
    return { kind: "none", reason: "The current threshold already avoids most of its false positives." };

  // Integer tenths, so 3.4 is 34 and never 3.4000000000000004.
  for (let tenths = Math.ceil(input.current * 10 - 1e-9); tenths <= MAX_THRESHOLD * 10; tenths++) {
    const threshold = tenths / 10;
    const avoided = avoidedAt(threshold);
    if (avoided < target) continue;
    const smallestConfirmed = Math.min(...confirmed);
    if (threshold > smallestConfirmed) {
      return {
        kind: "none",
        reason: `Avoiding most false positives would need ${threshold}, above the smallest confirmed anomaly's peak |z| of ${smallestConfirmed.toFixed(1)}.`,
      };
    }
    return {
      kind: "raise",
      threshold,
      avoided,
      falsePositives: falsePositives.length,
      confirmed: confirmed.length,
    };
  }
  return {
    kind: "none",
    reason: `Avoiding most false positives would need a threshold above ${MAX_THRESHOLD}.`,
  };
}

/** "Raising the threshold to 3.4 would have avoided 7 of 9 false positives and kept all 12 confirmed anomalies." */
export function describeSuggestion(suggestion: ThresholdSuggestion): string {
  if (suggestion.kind === "none") return `No change suggested. ${suggestion.reason}`;
  const { threshold, avoided, falsePositives, confirmed } = suggestion;
  const kept =
    confirmed === 0
      ? "; no anomaly of this metric was confirmed yet"
      : ` and kept ${confirmed === 1 ? "the 1 confirmed anomaly" : `all ${confirmed} confirmed anomalies`}`;
  return `Raising the threshold to ${threshold} would have avoided ${avoided} of ${falsePositives} false positive${falsePositives === 1 ? "" : "s"}${kept}.`;
}
