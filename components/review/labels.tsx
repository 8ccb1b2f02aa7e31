import type {
  ReviewEngine,
  ReviewExecutionStatus,
  ReviewItemStatus,
  ReviewVerdict,
} from "@/lib/generated/prisma/enums";
import { Badge, type Tone } from "@/components/ui/badge";

const statusTones: Record<ReviewItemStatus, Tone> = {
  pending: "gray",
  in_review: "blue",
  escalated: "amber",
  approved: "green",
  modified: "green",
  rejected: "red",
  closed: "gray",
};
const statusLabels: Record<ReviewItemStatus, string> = {
  pending: "waiting for the engine",
  in_review: "in review",
  escalated: "escalated",
  approved: "approved",
  modified: "modified",
  rejected: "rejected",
  closed: "closed",
};
const verdictTones: Record<ReviewVerdict, Tone> = {
  approved: "green",
  modified: "blue",
  rejected: "red",
  auto_executed: "gray",
};
export const VERDICT_LABELS: Record<ReviewVerdict, string> = {
  approved: "Approved",
  modified: "Modified",
  rejected: "Rejected",
  auto_executed: "Executed automatically",
};
const executionTones: Record<ReviewExecutionStatus, Tone> = {
  queued: "amber",
  running: "amber",
  succeeded: "green",
  failed: "red",
  cancelled: "gray",
};

export const statusLabel = (status: ReviewItemStatus) => statusLabels[status];
export const ENGINE_LABELS: Record<ReviewEngine, string> = { rules: "rules", ai: "AI" };

export function ReviewStatusBadge({ status }: { status: ReviewItemStatus }) {
  return <Badge tone={statusTones[status]}>{statusLabels[status]}</Badge>;
}

export function VerdictBadge({ verdict }: { verdict: ReviewVerdict }) {
  return <Badge tone={verdictTones[verdict]}>{VERDICT_LABELS[verdict]}</Badge>;
}

export function ExecutionBadge({ status }: { status: ReviewExecutionStatus }) {
  return (
    <Badge tone={executionTones[status]}>
      {status === "queued" || status === "running" ? "executing…" : status}
    </Badge>
  );
}

export function OverdueBadge() {
  return <Badge tone="red">overdue</Badge>;
}

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h": a duration as people say it. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}
