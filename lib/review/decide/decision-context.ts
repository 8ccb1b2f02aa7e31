import type { ReviewItem, Tenant } from "@/lib/generated/prisma/client";
import type { DecisionContext, Factor } from "@/lib/review/recommendation";

/**
 * The minimal context of an item for the engine: its evidence and factors, and of the tenant only
 * what a policy weighs (plan, status, age). Never the tenant's name or contact, nor the summary that
 * names it.
 */
export function decisionContext(item: ReviewItem & { tenant: Tenant }, now: Date): DecisionContext {
  return {
    kind: item.kind,
    raisedAt: (item.evidence as { occurredAt?: string | null }).occurredAt ?? item.createdAt.toISOString(),
    evidence: item.evidence as Record<string, unknown>,
    score: item.score,
    factors: (item.factors as Factor[] | null) ?? null,
    tenant: {
      plan: item.tenant.plan,
      status: item.tenant.status,
      ageDays: Math.floor((now.getTime() - item.tenant.createdAt.getTime()) / 86_400_000),
      billingSuspended: item.tenant.billingSuspended,
    },
  };
}
