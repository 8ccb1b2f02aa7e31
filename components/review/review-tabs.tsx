import { Tabs } from "@/components/ui/tabs";

const TABS = [
  { key: "queue", href: "/review", label: "Queue", ownerOnly: false },
  { key: "analytics", href: "/review/analytics", label: "Analytics", ownerOnly: false },
  { key: "settings", href: "/review/settings", label: "Settings", ownerOnly: true },
] as const;

/** Switches between the queue, its analytics and (for owners) its settings. */
export function ReviewTabs({ current, owner }: { current: (typeof TABS)[number]["key"]; owner: boolean }) {
  return <Tabs label="Review" tabs={TABS.filter((tab) => owner || !tab.ownerOnly)} current={current} />;
}
