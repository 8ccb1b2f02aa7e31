import Link from "next/link";
import type { ReactNode } from "react";
import type { ConversionRate, TrialCards as Cards } from "@/lib/billing/queries";
import { formatMoney } from "@/lib/billing/format";
import { StatCard } from "@/components/ui/card";

const number = (n: number) => n.toLocaleString("en");
const percent = ({ rate }: ConversionRate) => (rate === null ? "—" : `${(rate * 100).toFixed(1)}%`);
const decided = ({ converted, decided }: ConversionRate) =>
  decided ? `${number(converted)} of ${number(decided)} decided trials` : "no trial decided yet";

function Stat({ testId, ...card }: { testId: string; label: string; value: ReactNode; detail?: ReactNode }) {
  return (
    <div data-testid={testId}>
      <StatCard {...card} />
    </div>
  );
}

/** The figures on top of the trials page. */
export function TrialCards({ cards }: { cards: Cards }) {
  return (
    <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-6">
      <Stat testId="card-active-trials" label="Active trials" value={number(cards.activeTrials)} />
      <Stat testId="card-ending-soon" label="Ending in 7 days" value={number(cards.endingSoon)} />
      <Stat
        testId="card-conversion-30"
        label="Conversion, 30 days"
        value={percent(cards.conversion30)}
        detail={decided(cards.conversion30)}
      />
      <Stat
        testId="card-conversion-90"
        label="Conversion, 90 days"
        value={percent(cards.conversion90)}
        detail={decided(cards.conversion90)}
      />
      <Stat
        testId="card-median-days"
        label="Median days to convert"
        value={cards.medianDaysToConvert === null ? "—" : cards.medianDaysToConvert.toFixed(1)}
        detail="of trials converted in the last 90 days"
      />
      <Stat
        testId="card-recovered"
        label="Recovered this month"
        value={
          cards.recoveredThisMonth.length
            ? cards.recoveredThisMonth.map((r) => formatMoney(r.amountMinor, r.currency)).join(" · ")
            : "—"
        }
        detail={
          <Link href="/billing/payments" className="hover:underline">
            {number(cards.paymentsInRecovery)} payment{cards.paymentsInRecovery === 1 ? "" : "s"} in recovery
          </Link>
        }
      />
    </div>
  );
}
