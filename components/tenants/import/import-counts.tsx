import { StatCard } from "@/components/ui/card";

/** What an import did (or would do): one card per outcome. */
export function ImportCounts({
  counts,
  tense,
}: {
  counts: { created: number; updated: number; unchanged: number; failed: number };
  tense: "would" | "did";
}) {
  const cards: [string, number][] =
    tense === "would"
      ? [
          ["To create", counts.created],
          ["To update", counts.updated],
          ["Unchanged", counts.unchanged],
          ["Errors", counts.failed],
        ]
      : [
          ["Created", counts.created],
          ["Updated", counts.updated],
          ["Unchanged", counts.unchanged],
          ["Errors", counts.failed],
        ];
  return (
    <div className="grid grid-cols-2 gap-3 sm:grid-cols-4" data-testid="import-counts">
      {cards.map(([label, value]) => (
        <StatCard key={label} label={label} value={value.toLocaleString("en")} />
      ))}
    </div>
  );
}
