import { describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/actor";
import type { Action } from "@/lib/actions/define-action";
import { ensureDefaultTemplates } from "@/lib/email/default-templates";
import { decideItem } from "@/lib/review/human/review-actions";
import { createWebhookEndpoint } from "@/lib/webhooks/endpoint-actions";
import { openSession } from "@/lib/auth/staff-sessions";
import { makeTenant, makeUser } from "./setup/fixtures";

// Routes read the signed-in person through this module; each route test below signs in as it needs.
const session = vi.hoisted(() => ({ actor: null as Actor | null }));
vi.mock("@/app/_server/session", () => ({ currentActor: async () => session.actor }));

// Every action defined anywhere in lib/, found by loading the modules, so a new owner action
// cannot be forgotten here: the test below fails until it has an input in `validInput`.
const modules = import.meta.glob<Record<string, unknown>>(
  ["/lib/**/*.ts", "!/lib/**/*.test.ts", "!/lib/generated/**"],
  { eager: true },
);
const isAction = (value: unknown): value is Action<unknown> =>
  typeof value === "object" &&
  value !== null &&
  typeof (value as Action<unknown>).execute === "function" &&
  Array.isArray((value as Action<unknown>).roles);
const ACTIONS = Object.values(modules).flatMap((exports) => Object.values(exports).filter(isAction));
const OWNER_ACTIONS = ACTIONS.filter((action) => !action.roles.includes("REVIEWER"));
const REVIEWER_ACTIONS = ACTIONS.filter((action) => action.roles.includes("REVIEWER"));
// A viewer may only act on their own sign-in (sessions, two-factor); everything else refuses it.
const VIEWER_ACTIONS = ACTIONS.filter((action) => action.roles.includes("VIEWER"));

// Every route a signed-in person calls (machine routes under /api/v1 and /api/metrics take API keys;
// an alert's acknowledgement link and PagerDuty's webhook carry a signed token or signature instead).
const ROUTES = import.meta.glob<Record<string, unknown>>(
  [
    "/app/api/**/route.ts",
    "!/app/api/v1/**",
    "!/app/api/alerts/acknowledge/**",
    "!/app/api/alerts/pagerduty/**",
    "!/app/api/auth/**",
    "!/app/api/metrics/**",
    "!/app/api/health/**",
  ],
  { eager: true },
);

/** Every table an owner action writes: a refused action must leave them unchanged. */
async function snapshot() {
  const [
    tenants,
    users,
    apiKeys,
    templates,
    emails,
    audit,
    policies,
    ipLists,
    bans,
    trials,
    activities,
    metrics,
    series,
    anomalies,
    reviewItems,
    reviewDecisions,
    reviewSettings,
    documents,
    warnings,
    webhookEndpoints,
    webhookSecrets,
    webhookEvents,
    webhookDeliveries,
    tenantImports,
    staffSessions,
    recoveryCodes,
    ownRateLimits,
    catalogPlans,
    planVersions,
    subscriptionChanges,
    overrides,
    alertContacts,
    alertPreferences,
    onCall,
    notifications,
  ] = await Promise.all([
    db.tenant.findMany({ orderBy: { id: "asc" } }),
    db.user.findMany({ orderBy: { id: "asc" } }),
    db.apiKey.findMany(),
    db.emailTemplate.findMany({ orderBy: { key: "asc" } }),
    db.emailLog.count(),
    db.auditLog.count(),
    db.rateLimitPolicy.findMany({ orderBy: { id: "asc" } }),
    db.ipListEntry.count(),
    db.ipBan.count(),
    db.trial.findMany({ orderBy: { id: "asc" } }),
    db.billingActivity.count(),
    db.metricDefinition.findMany({ orderBy: { id: "asc" } }),
    db.metricSeries.findMany({ orderBy: { id: "asc" } }),
    db.anomaly.findMany({ orderBy: { id: "asc" } }),
    db.reviewItem.findMany({ orderBy: { id: "asc" } }),
    db.reviewDecision.findMany({ orderBy: { id: "asc" } }),
    db.reviewSettings.findMany(),
    db.tenantDocument.findMany({ orderBy: { id: "asc" } }),
    db.documentWarning.count(),
    db.webhookEndpoint.findMany({ orderBy: { id: "asc" } }),
    db.webhookSecret.findMany({ orderBy: { id: "asc" } }),
    db.webhookEvent.count(),
    db.webhookDelivery.findMany({ orderBy: { id: "asc" } }),
    db.tenantImport.count(),
    db.staffSession.findMany({ orderBy: { id: "asc" } }),
    db.recoveryCode.findMany({ orderBy: { id: "asc" } }),
    db.ownRateLimits.findMany(),
    db.catalogPlan.findMany({ orderBy: { id: "asc" } }),
    db.catalogPlanVersion.count(),
    db.subscriptionChange.count(),
    db.entitlementOverride.findMany({ orderBy: { id: "asc" } }),
    db.alertContact.findMany({ orderBy: { userId: "asc" } }),
    db.alertPreference.findMany({ orderBy: [{ userId: "asc" }, { alertClass: "asc" }] }),
    db.onCallEntry.findMany({ orderBy: { position: "asc" } }),
    db.notification.findMany({ orderBy: { id: "asc" } }),
  ]);
  return {
    tenants,
    users,
    apiKeys,
    templates,
    emails,
    audit,
    policies,
    ipLists,
    bans,
    trials,
    activities,
    metrics,
    series,
    anomalies,
    reviewItems,
    reviewDecisions,
    reviewSettings,
    documents,
    warnings,
    webhookEndpoints,
    webhookSecrets,
    webhookEvents,
    webhookDeliveries,
    tenantImports,
    staffSessions,
    recoveryCodes,
    ownRateLimits,
    catalogPlans,
    planVersions,
    subscriptionChanges,
    overrides,
    alertContacts,
    alertPreferences,
    onCall,
    notifications,
  };
}

/** A review item the engine routed with `status`, as the queue holds it. */
function reviewItem(tenantId: string, status: "in_review" | "escalated" | "approved") {
  return db.reviewItem.create({
    data: {
      kind: "payment_dispute",
      status,
      tenantId,
      source: "test",
      summary: "Disputed charge",
      evidence: { type: "dispute" },
      dedupeKey: `authorization:${status}:${tenantId}`,
      dueAt: new Date(Date.now() + 86_400_000),
      engine: "rules",
      recommendedAction: "suspend_tenant",
      recommendedDecision: "suspend",
      confidence: 60,
    },
  });
}

const CSV =
  "external_id,name,slug,plan,contact_email,timezone\nrefused-1,Refused,refused-csv,pro,a@refused.example,UTC\n";
const { actor: owner } = await makeUser("OWNER");
const { actor: reviewer, user: reviewerUser } = await makeUser("REVIEWER");
const { actor: viewer } = await makeUser("VIEWER");
const alert = await db.notification.create({
  data: {
    severity: "critical",
    title: "Worker down",
    body: "No heartbeat",
    dedupeKey: "authorization:alert",
    alertClass: "worker_down",
    urgent: true,
  },
});
const apiKeyActor: Actor = { kind: "apiKey", id: "key", label: "api-key:test", role: "SYSTEM" };

describe("owner actions", async () => {
  const tenant = await makeTenant(owner);
  const trial = await db.trial.create({
    data: {
      tenantId: tenant.id,
      plan: "pro",
      startedAt: new Date(),
      endsAt: new Date(Date.now() + 86_400_000),
      originalEndsAt: new Date(Date.now() + 86_400_000),
    },
  });
  const series = await db.metricSeries.create({
    data: { tenantId: tenant.id, metricId: "metric_error_rate" },
  });
  const at = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - 3_600_000);
  const anomaly = await db.anomaly.create({
    data: {
      seriesId: series.id,
      tenantId: tenant.id,
      metricId: "metric_error_rate",
      severity: "high",
      firstBucket: at,
      lastBucket: at,
      peakBucket: at,
      value: 9,
      z: 4.5,
      center: 2,
      spread: 1.5,
      baselinePoints: 168,
      threshold: 2,
      baselineDays: 7,
      seasonality: "none",
      robust: false,
    },
  });
  const rule = {
    name: "Error rate",
    unit: "%",
    direction: "spike",
    zThreshold: 2,
    mediumZ: 3,
    highZ: 4,
    criticalZ: 6,
    baselineDays: 7,
    minHistoryDays: 2,
    seasonality: "none",
    enabled: "on",
  };
  await ensureDefaultTemplates();
  const decided = await reviewItem(tenant.id, "approved");
  const endpoint = await createWebhookEndpoint.execute(owner, {
    url: "https://hooks.example.com/steward",
    eventTypes: ["tenant.created", "tenant.suspended"],
  });
  const [event] = await db.webhookEvent.findMany({ where: { tenantId: tenant.id }, take: 1 });
  const delivery = await db.webhookDelivery.create({
    data: {
      eventId: event.id,
      endpointId: endpoint.id,
      lane: tenant.id,
      seq: event.seq,
      status: "succeeded",
    },
  });

  // Valid inputs, so a refusal can only come from the role check.
  const validInput: Record<string, unknown> = {
    "tenants.create": {
      name: "Refused Co",
      slug: "refused-co",
      plan: "pro",
      contactEmail: "a@refused.example",
      timezone: "UTC",
    },
    "tenants.update": {
      id: tenant.id,
      name: "Renamed",
      slug: tenant.slug,
      plan: "pro",
      contactEmail: tenant.contactEmail,
      timezone: "UTC",
    },
    "tenants.suspend": { id: tenant.id, reason: "reviewer tried" },
    "plans.update": {
      key: "starter",
      name: "Starter",
      currency: "USD",
      trialDays: 14,
      monthlyPrice: 39,
      yearlyPrice: 390,
      limits: { seats: 5 },
      features: [],
    },
    "plans.moveTenants": { key: "starter", expectedTenants: 0 },
    "plans.setOverride": {
      tenantId: tenant.id,
      key: "seats",
      kind: "limit",
      limit: 9,
      reason: "reviewer tried",
    },
    "plans.removeOverride": { tenantId: tenant.id, key: "seats" },
    "tenants.reactivate": { id: tenant.id, reason: "reviewer tried" },
    "tenants.previewImport": { fileName: "tenants.csv", content: CSV },
    "tenants.startImport": { fileName: "tenants.csv", content: CSV },
    "users.create": {
      email: "new-owner@example.test",
      name: "New",
      role: "OWNER",
      password: "long enough password",
    },
    "users.update": { id: reviewerUser.id, role: "OWNER" },
    "apiKeys.create": { name: "refused key", scopes: ["tenants:read"] },
    "apiKeys.revoke": { id: "any" },
    "apiKeys.rotate": { id: "any", graceHours: 24 },
    "documents.upload": {
      tenantId: tenant.id,
      type: "contract",
      title: "Refused contract",
      expiresOn: "2031-01-31",
    },
    "documents.renew": { documentId: "any", title: "Refused renewal", expiresOn: "2031-01-31" },
    "emailTemplates.sendTest": { key: "trial_welcome" },
    "queues.pause": { queue: "email" },
    "queues.resume": { queue: "email" },
    "schedules.pause": { id: "worker-heartbeat" },
    "schedules.resume": { id: "worker-heartbeat" },
    "schedules.runNow": { id: "worker-heartbeat" },
    "jobs.retry": { id: "email:any" },
    "jobs.discard": { id: "email:any" },
    "jobs.retryAllFailed": {},
    "emailTemplates.update": {
      key: "trial_welcome",
      subject: "Hi {{tenantName}}",
      html: "<p>Hi</p>",
      text: "Hi",
    },
    "notifications.markRead": { all: true },
    "alerts.acknowledge": { notificationId: alert.id },
    "alerts.updateSettings": { timeZone: "Europe/Berlin", quietStart: "22:00", quietEnd: "07:00" },
    "alerts.startPhoneVerification": { phone: "+14155550123" },
    "alerts.confirmPhone": { smsCode: "123456" },
    "alerts.setOnCallOrder": { userIds: [owner.id!] },
    "rateLimits.updateGlobalPolicy": {
      enabled: "on",
      perMinute: 1,
      banWindowSeconds: 60,
      banDurationSeconds: 60,
    },
    "rateLimits.updateTenantPolicy": {
      tenantId: tenant.id,
      enabled: "on",
      perMinute: 1,
      banWindowSeconds: 60,
      banDurationSeconds: 60,
    },
    "rateLimits.addIpListEntry": { tenantId: tenant.id, list: "deny", cidr: "192.0.2.0/24" },
    "rateLimits.removeIpListEntry": { tenantId: tenant.id, id: "any" },
    "rateLimits.banIp": { tenantId: tenant.id, ip: "192.0.2.1", reason: "reviewer tried" },
    "rateLimits.liftBan": { tenantId: tenant.id, id: "any" },
    "rateLimits.lookupIpCounters": { tenantId: tenant.id, ip: "192.0.2.1" },
    "rateLimits.resetIpCounters": { tenantId: tenant.id, ip: "192.0.2.1" },
    "rateLimits.updateOwnLimits": { apiPerMinute: 100, signInPerMinute: 5 },
    "trials.extend": { trialId: trial.id, days: 3, reason: "reviewer tried" },
    "trials.convert": { trialId: trial.id, reason: "reviewer tried" },
    "trials.expire": { trialId: trial.id, reason: "reviewer tried" },
    "trials.resendReminder": { trialId: trial.id, kind: "final" },
    "anomalies.acknowledge": { anomalyId: anomaly.id, note: "reviewer tried" },
    "anomalies.close": { anomalyId: anomaly.id, outcome: "false_positive", note: "reviewer tried" },
    "anomalies.mute": {
      seriesId: series.id,
      until: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
      reason: "reviewer tried",
    },
    "anomalies.unmute": { seriesId: series.id },
    "anomalies.updateRule": {
      metricId: "metric_error_rate",
      ...rule,
      zThreshold: 9,
      mediumZ: 9,
      highZ: 9,
      criticalZ: 9,
    },
    "anomalies.createMetric": { key: "refused_metric", bucket: "hour", aggregation: "sum", ...rule },
    "anomalies.upgradeDetector": { metricId: "metric_error_rate" },
    "reviews.reopen": { itemId: decided.id, note: "reviewer tried" },
    "webhooks.create": { url: "https://hooks.example.com/steward", eventTypes: ["tenant.suspended"] },
    "webhooks.update": {
      id: endpoint.id,
      url: "https://hooks.example.com/other",
      eventTypes: ["tenant.created"],
      enabled: "on",
    },
    "webhooks.delete": { id: endpoint.id },
    "webhooks.rotateSecret": { id: endpoint.id, overlapHours: 24 },
    "webhooks.sendTest": { id: endpoint.id },
    "webhooks.redeliver": { deliveryId: delivery.id },
    "webhooks.replay": { id: endpoint.id, since: new Date(Date.now() - 3_600_000).toISOString() },
    "reviews.updateSettings": { autoExecuteAt: 95, reviewAt: 50, autoExecuteSuspensions: true },
  };

  it("lists an input for every owner action", () => {
    expect(Object.keys(validInput).sort()).toEqual(OWNER_ACTIONS.map((a) => a.name).sort());
  });

  it.each(OWNER_ACTIONS.map((action) => [action.name, action] as const))(
    "%s: 403 for a reviewer and a viewer, 401 signed out, refused for an API key; nothing changes",
    async (name, action) => {
      const before = await snapshot();
      await expect(action.execute(reviewer, validInput[name])).rejects.toMatchObject({
        code: "FORBIDDEN",
        status: 403,
      });
      await expect(action.execute(viewer, validInput[name])).rejects.toMatchObject({
        code: "FORBIDDEN",
        status: 403,
      });
      await expect(action.execute(null, validInput[name])).rejects.toMatchObject({
        code: "UNAUTHENTICATED",
        status: 401,
      });
      await expect(action.execute(apiKeyActor, validInput[name])).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      expect(await snapshot()).toEqual(before);
    },
  );

  it("checks the role before the input, so a reviewer learns nothing from validation", async () => {
    for (const action of OWNER_ACTIONS)
      await expect(action.execute(reviewer, { nonsense: true })).rejects.toMatchObject({ code: "FORBIDDEN" });
  });
});

describe("reviewer actions", async () => {
  const tenant = await makeTenant(owner);
  const open = await reviewItem(tenant.id, "in_review");
  const escalated = await reviewItem(tenant.id, "escalated");
  const validInput: Record<string, unknown> = {
    "reviews.claim": { itemId: open.id },
    "reviews.release": { itemId: open.id },
    "reviews.decide": { itemId: open.id, verdict: "reject", note: "signed out" },
    "sessions.sign_out": {
      sessionId: await openSession({ userId: reviewerUser.id, ip: "203.0.113.7", userAgent: "test" }),
    },
    "sessions.sign_out_everywhere": {},
    "two_factor.start": {},
    "two_factor.confirm": { code: "123456" },
    "two_factor.disable": { code: "123456" },
  };

  it("lists an input for every action a reviewer may take", () => {
    expect(Object.keys(validInput).sort()).toEqual(REVIEWER_ACTIONS.map((a) => a.name).sort());
  });

  it.each(REVIEWER_ACTIONS.map((action) => [action.name, action] as const))(
    "%s: 401 signed out, refused for an API key (and a viewer, unless it is their own sign-in); nothing changes",
    async (name, action) => {
      const before = await snapshot();
      if (!VIEWER_ACTIONS.includes(action))
        await expect(action.execute(viewer, validInput[name])).rejects.toMatchObject({
          code: "FORBIDDEN",
          status: 403,
        });
      await expect(action.execute(null, validInput[name])).rejects.toMatchObject({
        code: "UNAUTHENTICATED",
        status: 401,
      });
      await expect(action.execute(apiKeyActor, validInput[name])).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      expect(await snapshot()).toEqual(before);
    },
  );

  it("an escalated item is decided by an owner: a reviewer is refused and nothing changes, an owner may", async () => {
    const before = await snapshot();
    await expect(
      decideItem.execute(reviewer, { itemId: escalated.id, verdict: "approve" }),
    ).rejects.toMatchObject({ code: "FORBIDDEN", message: "Escalated items are decided by an owner." });
    expect(await snapshot()).toEqual(before);
    await decideItem.execute(owner, {
      itemId: escalated.id,
      verdict: "reject",
      note: "Not fraud: a family member used the card",
    });
    expect(await db.reviewItem.findUniqueOrThrow({ where: { id: escalated.id } })).toMatchObject({
      status: "rejected",
    });
  });
});

describe("the read-only viewer", () => {
  it("may act only on their own sign-in", () => {
    expect(VIEWER_ACTIONS.map((a) => a.name).sort()).toEqual([
      "sessions.sign_out",
      "sessions.sign_out_everywhere",
      "two_factor.confirm",
      "two_factor.disable",
      "two_factor.start",
    ]);
  });

  const WRITES = ["POST", "PUT", "PATCH", "DELETE"];
  const handlers = Object.entries(ROUTES).flatMap(([file, exports]) =>
    Object.entries(exports)
      .filter(([method]) => ["GET", ...WRITES].includes(method))
      .map(([method, handler]) => [`${method} ${file}`, method, handler] as const),
  );
  const call = (method: string, handler: unknown) =>
    (handler as (request: Request, context: unknown) => Promise<Response>)(
      new Request("http://steward.test/api/anything", {
        method,
        ...(method === "GET" ? {} : { body: "{}", headers: { "content-type": "application/json" } }),
      }),
      { params: Promise.resolve({ id: "nothing", tenantId: "nothing" }) },
    );

  it("finds the dashboard's routes", () => {
    expect(handlers.filter(([, method]) => WRITES.includes(method)).length).toBeGreaterThan(2);
  });

  it.each(handlers)(
    "%s: a write is 403 for a viewer and changes nothing; a read is not refused",
    async (_, method, handler) => {
      session.actor = viewer;
      const before = await snapshot();
      const response = await call(method, handler);
      if (WRITES.includes(method)) expect(response.status).toBe(403);
      else expect([401, 403]).not.toContain(response.status);
      expect(await snapshot()).toEqual(before);
      session.actor = null;
    },
  );
});
