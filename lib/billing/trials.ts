import type { Tx } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import { recordAudits } from "@/lib/audit/record-audit";
import type { Trial } from "@/lib/generated/prisma/client";
import type { Plan, TrialStatus } from "@/lib/generated/prisma/enums";
import { recordActivities } from "./activities";
import type { Effects } from "./effects";
import { recordTrialEvents } from "./record-trial-payment-events";
import { transitionTenants } from "./tenant-transitions";

const convertible: TrialStatus[] = ["active", "expired"];

/**
 * Converts one trial if it is still running or expired (the expiry sweep may have expired it since
 * the caller read it, and a payment converts an expired trial too); false when it was decided otherwise.
 */
export async function convertTrial(
  tx: Tx,
  actor: Actor,
  trial: Pick<Trial, "id" | "tenantId" | "status">,
  at: Date,
  how: string,
): Promise<boolean> {
  const { count } = await tx.trial.updateMany({
    where: { id: trial.id, status: { in: convertible } },
    data: { status: "converted", convertedAt: at },
  });
  if (count === 0) return false;
  await recordTrialEvents(tx, [{ type: "trial.converted", trialId: trial.id }]);
  await recordActivities(tx, [
    {
      tenantId: trial.tenantId,
      trialId: trial.id,
      kind: "trial_converted",
      summary: `Trial converted ${how}`,
      actorLabel: actor.label,
      details: { from: trial.status },
      createdAt: at,
    },
  ]);
  await recordAudits(tx, actor, [
    {
      action: "trial.converted",
      entityType: "trial",
      entityId: trial.id,
      before: { status: trial.status },
      after: { status: "converted", how },
    },
  ]);
  return true;
}

/** The tenant's latest trial that is still running or has expired: a payment converts it, even after the end. */
export async function latestConvertibleTrial(tx: Tx, tenantId: string) {
  return tx.trial.findFirst({
    where: { tenantId, status: { in: convertible } },
    orderBy: { startedAt: "desc" },
    select: { id: true, tenantId: true, status: true },
  });
}

/** Converts the tenant's latest convertible trial; returns its id, or null when there was none. */
export async function convertLatestTrial(
  tx: Tx,
  actor: Actor,
  tenantId: string,
  at: Date,
  how: string,
): Promise<string | null> {
  const trial = await latestConvertibleTrial(tx, tenantId);
  return trial && (await convertTrial(tx, actor, trial, at, how)) ? trial.id : null;
}

/**
 * What follows a trial's expiry, for trials already marked expired: the timeline, the audit log,
 * the tenant suspended if it is still on trial, and the tenant emailed.
 */
export async function afterExpiry(
  tx: Tx,
  actor: Actor,
  effects: Effects,
  trials: { id: string; tenantId: string; plan: Plan; endsAt: Date }[],
  at: Date,
  reason: string,
): Promise<void> {
  await recordTrialEvents(
    tx,
    trials.map((t) => ({ type: "trial.expired" as const, trialId: t.id })),
  );
  await recordAudits(
    tx,
    actor,
    trials.map((t) => ({
      action: "trial.expired",
      entityType: "trial",
      entityId: t.id,
      before: { status: "active" },
      after: { status: "expired", reason },
    })),
  );
  const suspended = await transitionTenants(
    tx,
    actor,
    trials.map((t) => ({ tenantId: t.tenantId, trialId: t.id })),
    { to: "suspended", from: ["trialing"], reason, auditAction: "tenant.suspended", toldOnTimeline: true },
    at,
  );
  // One timeline entry per expiry, saying whether the tenant was suspended with it.
  const suspendedIds = new Set(suspended.map((t) => t.id));
  await recordActivities(
    tx,
    trials.map((t) => ({
      tenantId: t.tenantId,
      trialId: t.id,
      kind: "trial_expired" as const,
      summary: suspendedIds.has(t.tenantId) ? `${reason}; tenant suspended` : reason,
      actorLabel: actor.label,
      details: { tenantSuspended: suspendedIds.has(t.tenantId) },
      createdAt: at,
    })),
  );
  // The email says the account is paused: only tenants this suspended get it (not a paying tenant
  // whose upgrade trial ended). Keyed by the end, so a reopened trial that ends again is told again.
  const byId = new Map(suspended.map((t) => [t.id, t]));
  for (const trial of trials) {
    const tenant = byId.get(trial.tenantId);
    if (tenant)
      effects.emailTenant(tenant, {
        templateKey: "trial_expired",
        variables: { tenantName: tenant.name, planName: trial.plan },
        dedupeKey: `trial:${trial.id}:expired:${trial.endsAt.toISOString()}`,
      });
  }
}
