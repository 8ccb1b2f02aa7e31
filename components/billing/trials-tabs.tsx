import { Tabs } from "@/components/ui/tabs";

const TABS = [
  { key: "trials", href: "/billing", label: "Trials" },
  { key: "payments", href: "/billing/payments", label: "Payments" },
] as const;

/** Switches between the trials list and the payments in recovery. */
export function TrialsTabs({ current }: { current: (typeof TABS)[number]["key"] }) {
  return <Tabs label="Trials and payments" tabs={TABS} current={current} />;
}
