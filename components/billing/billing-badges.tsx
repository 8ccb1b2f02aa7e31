import { Badge, type Tone } from "@/components/ui/badge";

const trialTones: Record<string, Tone> = {
  active: "blue",
  converted: "green",
  expired: "amber",
  cancelled: "gray",
};

// A running trial is not "active": that is the word for a paying tenant, and its tenant is "trialing".
const trialLabels: Record<string, string> = { active: "trial running" };

/** A trial's status as a person reads it. */
export const trialStatusLabel = (status: string) => trialLabels[status] ?? status;

export function TrialStatusBadge({ status }: { status: string }) {
  return <Badge tone={trialTones[status] ?? "gray"}>{trialStatusLabel(status)}</Badge>;
}

const paymentTones: Record<string, Tone> = {
  succeeded: "green",
  recovered: "green",
  retrying: "amber",
  failed: "red",
  cancelled: "gray",
};

export function PaymentStatusBadge({ status }: { status: string }) {
  return <Badge tone={paymentTones[status] ?? "gray"}>{status}</Badge>;
}

/** Dunning keeps a tenant's access while it retries; say so wherever a past-due tenant shows up. */
export function PastDueBadge({ tenantStatus }: { tenantStatus: string }) {
  if (tenantStatus !== "past_due") return null;
  return <Badge tone="amber">past due — access kept while retrying</Badge>;
}
