import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { systemActor } from "@/lib/auth/actor";
import { recordAudits } from "@/lib/audit/record-audit";
import { DECIDED_STATUSES, OPEN_STATUSES } from "@/lib/review/statuses";
import { raiseReviewItems, requestDecisions, type NewReviewItem } from "@/lib/review/intake/raise-items";
import { getReviewSettings } from "@/lib/review/intake/settings";
import { classifyUsage, type DayActivity, type UsageSummary } from "./classify-usage";
import { readDailyActivity, usageWindow, type DailyActivity, type UsageWindow } from "./daily-activity";
import { dailyAllowances } from "@/lib/plans/queries";
import { planFitFinding, type JudgedTenant, type PlanFitKind } from "./plan-fit";

const DAY = 86_400_000;
/** Tenants per batch: one activity statement reads at most a batch's 30 days (720 hours each). */
const BATCH = 2_000;
/**
 * After a plan-fit item was decided (whatever the verdict), the same kind is not raised again for the
 * tenant for a whole window: the next 30 days are mostly the history the decision already saw.
 */
const QUIET_DAYS_AFTER_DECISION = 30;
const PLAN_FIT_KINDS: PlanFitKind[] = ["plan_downgrade", "plan_upgrade", "tenant_archive"];

const NO_ACTIVITY: DayActivity = { requests: 0, denied: 0, reported: 0, payments: 0 };

function nextBatch(afterId: string): Promise<JudgedTenant[]> {
  return db.tenant.findMany({
    where: { status: { not: "cancelled" }, id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: BATCH,
    select: { id: true, name: true, plan: true, status: true, createdAt: true },
  });
}

/** Each tenant's window of days, oldest first, days without activity as zeros. */
function windowsByTenant(activity: DailyActivity[], window: UsageWindow): Map<string, DayActivity[]> {
  const dayIndex = new Map(window.days.map((day, i) => [day, i]));
  const byTenant = new Map<string, DayActivity[]>();
  for (const row of activity) {
    const days = byTenant.get(row.tenantId) ?? window.days.map(() => NO_ACTIVITY);
    days[dayIndex.get(row.day)!] = row;
    byTenant.set(row.tenantId, days);
  }
  return byTenant;
}

/** One row per tenant and day: a second run on the same day overwrites the first with its numbers. */
async function saveSnapshots(
  rows: { tenant: JudgedTenant; usage: UsageSummary }[],
  window: UsageWindow,
  now: Date,
): Promise<void> {
  const column = <T>(pick: (row: (typeof rows)[number]) => T) => rows.map(pick);
  await db.$executeRaw`
    INSERT INTO tenant_usage (tenant_id, day, usage_class, plan, active_days, active_weeks, requests, peak_daily_requests, limit_days, computed_at)
    SELECT u.tenant_id, ${window.day}::date, u.usage_class::"UsageClass", u.plan::"Plan", u.active_days, u.active_weeks, u.requests, u.peak, u.limit_days, ${now.toISOString()}::timestamp
    FROM unnest(
      ${column((r) => r.tenant.id)}::text[], ${column((r) => r.usage.usageClass)}::text[], ${column((r) => r.tenant.plan)}::text[],
      ${column((r) => r.usage.activeDays)}::int[], ${column((r) => r.usage.activeWeeks)}::int[], ${column((r) => r.usage.requests)}::bigint[],
      ${column((r) => r.usage.peakDailyRequests)}::int[], ${column((r) => r.usage.limitDays)}::int[]
    ) AS u(tenant_id, usage_class, plan, active_days, active_weeks, requests, peak, limit_days)
    ON CONFLICT (tenant_id, day) DO UPDATE SET
      usage_class = excluded.usage_class, plan = excluded.plan, active_days = excluded.active_days, active_weeks = excluded.active_weeks,
      requests = excluded.requests, peak_daily_requests = excluded.peak_daily_requests, limit_days = excluded.limit_days, computed_at = excluded.computed_at`;
}

/** "tenantId:kind" of the findings that already have an item being decided, or one decided lately. */
async function quietFindings(findings: { tenantId: string }[], now: Date): Promise<Set<string>> {
  if (findings.length === 0) return new Set();
  const rows = await db.reviewItem.findMany({
    where: {
      kind: { in: PLAN_FIT_KINDS },
      tenantId: { in: findings.map((f) => f.tenantId) },
      OR: [
        { status: { in: OPEN_STATUSES } },
        {
          status: { in: DECIDED_STATUSES },
          updatedAt: { gt: new Date(now.getTime() - QUIET_DAYS_AFTER_DECISION * DAY) },
        },
      ],
    },
    select: { tenantId: true, kind: true },
  });
  return new Set(rows.map((r) => `${r.tenantId}:${r.kind}`));
}

/**
 * Tenants whose plan changed within the window (an owner's edit or an executed plan-fit decision):
 * their window mixes two plans' limits, so no plan change is proposed until it holds one plan only.
 */
async function planChangedSince(tenantIds: string[], since: Date): Promise<Set<string>> {
  const rows = await db.$queryRaw<{ entity_id: string }[]>`
    SELECT DISTINCT entity_id FROM audit_logs
    WHERE entity_type = 'tenant' AND entity_id = ANY(${tenantIds}) AND created_at >= ${since.toISOString()}::timestamp
      AND action IN ('tenant.updated', 'tenant.plan_changed') AND (before->>'plan') IS DISTINCT FROM (after->>'plan')`;
  return new Set(rows.map((row) => row.entity_id));
}

export type UsageAnalysisSummary = { analysed: number; raised: Record<PlanFitKind, number> };

/**
 * Classifies every tenant that is not cancelled over the 30 UTC days before `now`'s day, keeps the
 * day's snapshot (the Health tab reads it), and raises plan-fit items for review: a downgrade, an
 * upgrade or an archive, each with its usage as evidence. At most one item per tenant and kind is open,
 * and none is raised for 30 days after one was decided. Set-based: a few statements per 2,000 tenants.
 */
export async function analyzeUsage(
  now: Date,
  onProgress?: (percent: number) => unknown,
  options: { requestDecisions?: boolean } = {},
): Promise<UsageAnalysisSummary> {
  const window = usageWindow(now);
  const settings = await getReviewSettings();
  const { USAGE_UPGRADE_LIMIT_DAYS: upgradeLimitDays } = env();
  // Read once a run: the catalog's current versions say what each plan includes.
  const allowances = await dailyAllowances();
  const total = await db.tenant.count({ where: { status: { not: "cancelled" } } });
  const summary: UsageAnalysisSummary = {
    analysed: 0,
    raised: { plan_downgrade: 0, plan_upgrade: 0, tenant_archive: 0 },
  };

  for (
    let batch = await nextBatch("");
    batch.length > 0;
    batch = await nextBatch(batch[batch.length - 1].id)
  ) {
    const windows = windowsByTenant(
      await readDailyActivity(
        batch.map((t) => t.id),
        window,
      ),
      window,
    );
    const rows = batch.map((tenant) => ({
      tenant,
      usage: classifyUsage(
        windows.get(tenant.id) ?? window.days.map(() => NO_ACTIVITY),
        allowances[tenant.plan],
      ),
    }));
    await saveSnapshots(rows, window, now);

    const findings = rows.flatMap(({ tenant, usage }) => {
      const finding = planFitFinding(tenant, usage, window, upgradeLimitDays, allowances);
      return finding ? [{ tenantId: tenant.id, ...finding }] : [];
    });
    const quiet = await quietFindings(findings, now);
    const replanned = await planChangedSince(
      findings.filter((f) => f.kind !== "tenant_archive").map((f) => f.tenantId),
      window.start,
    );
    const items: NewReviewItem[] = findings
      .filter(
        (f) =>
          !quiet.has(`${f.tenantId}:${f.kind}`) &&
          (f.kind === "tenant_archive" || !replanned.has(f.tenantId)),
      )
      .map((f) => ({
        kind: f.kind,
        tenantId: f.tenantId,
        source: "usage-analysis",
        summary: f.summary,
        evidence: f.evidence,
        dedupeKey: `usage:${f.tenantId}:${f.kind}:${window.day}`,
      }));
    const raised = await db.$transaction(
      async (tx) => {
        const ids = await raiseReviewItems(tx, items, settings, now);
        const rows = await tx.reviewItem.findMany({
          where: { id: { in: ids } },
          select: { id: true, kind: true },
        });
        await recordAudits(
          tx,
          systemActor("usage-analysis"),
          rows.map((r) => ({
            action: "review_item.raised",
            entityType: "review_item",
            entityId: r.id,
            after: { kind: r.kind },
          })),
        );
        return rows;
      },
      // A concurrent run inserting the same dedupe keys makes this one wait for its commit.
      { maxWait: 10_000, timeout: 60_000 },
    );
    for (const item of raised) summary.raised[item.kind as PlanFitKind]++;
    summary.analysed += batch.length;
    await onProgress?.(Math.min(99, Math.round((summary.analysed / Math.max(total, 1)) * 100)));
  }
  // The demo seed leaves its items to the worker's next sweep instead.
  if (options.requestDecisions !== false && Object.values(summary.raised).some((n) => n > 0))
    await requestDecisions();
  await onProgress?.(100);
  return summary;
}
