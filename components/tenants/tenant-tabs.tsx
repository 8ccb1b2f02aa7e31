import { Tabs } from "@/components/ui/tabs";

/** A tenant's pages: its details and history, and its health (documents, usage, recommendations). */
export function TenantTabs({ tenantId, current }: { tenantId: string; current: "overview" | "health" }) {
  const tabs = [
    { key: "overview", href: `/tenants/${tenantId}`, label: "Overview" },
    { key: "health", href: `/tenants/${tenantId}/health`, label: "Health" },
  ];
  return <Tabs label="Tenant" tabs={tabs} current={current} />;
}
