import { STANDARD_LIMITS, type Limits } from "@/lib/plans/limits";

const labels: Record<string, string> = Object.fromEntries(STANDARD_LIMITS.map((l) => [l.key, l.label]));

/** A plan's limits and features in one line each; a standard limit left out reads "unlimited". */
export function LimitsSummary({ limits, features }: { limits: Limits; features: string[] }) {
  const custom = Object.keys(limits).filter((key) => !(key in labels));
  return (
    <div className="space-y-1 text-xs">
      <p>
        {[...STANDARD_LIMITS.map((l) => l.key), ...custom]
          .map((key) => `${labels[key] ?? key}: ${limits[key]?.toLocaleString("en-US") ?? "unlimited"}`)
          .join(" · ")}
      </p>
      <p className="text-slate-500">Features: {features.length > 0 ? features.join(", ") : "none"}</p>
    </div>
  );
}
