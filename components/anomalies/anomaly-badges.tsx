import type { AnomalySeverity, AnomalyStatus } from "@/lib/generated/prisma/enums";
import { Badge, type Tone } from "@/components/ui/badge";

const severityTones: Record<AnomalySeverity, Tone> = {
  critical: "red",
  high: "amber",
  medium: "blue",
  low: "gray",
};
const statusTones: Record<AnomalyStatus, Tone> = {
  active: "red",
  acknowledged: "amber",
  resolved: "green",
  false_positive: "gray",
};

export const SEVERITIES: AnomalySeverity[] = ["critical", "high", "medium", "low"];

export const statusLabel = (status: AnomalyStatus | "open" | "all") => status.replace("_", " ");

export function SeverityBadge({ severity }: { severity: AnomalySeverity }) {
  return <Badge tone={severityTones[severity]}>{severity}</Badge>;
}

export function AnomalyStatusBadge({ status }: { status: AnomalyStatus }) {
  return <Badge tone={statusTones[status]}>{statusLabel(status)}</Badge>;
}
