-- CreateEnum
CREATE TYPE "BillingInterval" AS ENUM ('month', 'year');

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "billing_interval" "BillingInterval" NOT NULL DEFAULT 'month',
ADD COLUMN     "plan_version_id" TEXT;

-- CreateTable
CREATE TABLE "catalog_plans" (
    "id" TEXT NOT NULL,
    "key" "Plan" NOT NULL,
    "name" TEXT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "trial_days" INTEGER NOT NULL DEFAULT 14,
    "current_version_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "catalog_plans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "catalog_plan_versions" (
    "id" TEXT NOT NULL,
    "plan_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "monthly_price_minor" INTEGER NOT NULL,
    "yearly_price_minor" INTEGER NOT NULL,
    "limits" JSONB NOT NULL,
    "features" TEXT[],
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "catalog_plan_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "subscription_changes" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "plan" "Plan" NOT NULL,
    "plan_version_id" TEXT NOT NULL,
    "billing_interval" "BillingInterval" NOT NULL,
    "status" "TenantStatus" NOT NULL,
    "mrr_minor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "source" TEXT NOT NULL,

    CONSTRAINT "subscription_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "entitlement_overrides" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "limit" INTEGER,
    "enabled" BOOLEAN,
    "reason" TEXT NOT NULL,
    "ends_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "entitlement_overrides_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "catalog_plans_key_key" ON "catalog_plans"("key");

-- CreateIndex
CREATE UNIQUE INDEX "catalog_plans_current_version_id_key" ON "catalog_plans"("current_version_id");

-- CreateIndex
CREATE UNIQUE INDEX "catalog_plan_versions_plan_id_version_key" ON "catalog_plan_versions"("plan_id", "version");

-- CreateIndex
CREATE INDEX "subscription_changes_tenant_id_at_idx" ON "subscription_changes"("tenant_id", "at");

-- CreateIndex
CREATE INDEX "subscription_changes_at_idx" ON "subscription_changes"("at");

-- CreateIndex
CREATE UNIQUE INDEX "entitlement_overrides_tenant_id_key_key" ON "entitlement_overrides"("tenant_id", "key");

-- The catalog starts with today's four plans, their daily allowances (lib/usage/plan-allowances.ts)
-- and the list prices the billing demo charges (EUR); every tenant stays on its plan, at that plan's first version.
INSERT INTO "catalog_plans" ("id", "key", "name", "currency", "trial_days", "current_version_id", "updated_at") VALUES
  ('plan_free', 'free', 'Free', 'EUR', 0, 'plan_free_v1', CURRENT_TIMESTAMP),
  ('plan_starter', 'starter', 'Starter', 'EUR', 14, 'plan_starter_v1', CURRENT_TIMESTAMP),
  ('plan_pro', 'pro', 'Pro', 'EUR', 14, 'plan_pro_v1', CURRENT_TIMESTAMP),
  ('plan_enterprise', 'enterprise', 'Enterprise', 'EUR', 30, 'plan_enterprise_v1', CURRENT_TIMESTAMP);

INSERT INTO "catalog_plan_versions" ("id", "plan_id", "version", "monthly_price_minor", "yearly_price_minor", "limits", "features") VALUES
  ('plan_free_v1', 'plan_free', 1, 0, 0,
   '{"requests_per_minute": 20, "requests_per_hour": 200, "requests_per_day": 1000, "seats": 1, "storage_mb": 500, "api_keys": 1}', '{}'),
  ('plan_starter_v1', 'plan_starter', 1, 2900, 29000,
   '{"requests_per_minute": 60, "requests_per_hour": 1000, "requests_per_day": 10000, "seats": 5, "storage_mb": 5000, "api_keys": 3}', '{webhooks}'),
  ('plan_pro_v1', 'plan_pro', 1, 9900, 99000,
   '{"requests_per_minute": 300, "requests_per_hour": 10000, "requests_per_day": 100000, "seats": 25, "storage_mb": 50000, "api_keys": 10}', '{webhooks,sso,audit_export}'),
  ('plan_enterprise_v1', 'plan_enterprise', 1, 49900, 499000,
   '{"requests_per_minute": 2000, "requests_per_hour": 100000, "requests_per_day": 1000000, "storage_mb": 500000, "api_keys": 50}', '{webhooks,sso,audit_export,priority_support,custom_domain}');

UPDATE "tenants" SET "plan_version_id" = 'plan_' || "plan"::text || '_v1';

-- Each existing tenant's subscription as it is now, dated from its creation.
INSERT INTO "subscription_changes" ("id", "tenant_id", "at", "plan", "plan_version_id", "billing_interval", "status", "mrr_minor", "currency", "source")
SELECT 'sub_' || t."id", t."id", t."created_at", t."plan", t."plan_version_id", t."billing_interval", t."status",
       CASE WHEN t."status" IN ('active', 'past_due') THEN v."monthly_price_minor" ELSE 0 END, p."currency", 'migration'
FROM "tenants" t JOIN "catalog_plan_versions" v ON v."id" = t."plan_version_id" JOIN "catalog_plans" p ON p."id" = v."plan_id";

-- AddForeignKey
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_plan_fkey" FOREIGN KEY ("plan") REFERENCES "catalog_plans"("key") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenants" ADD CONSTRAINT "tenants_plan_version_id_fkey" FOREIGN KEY ("plan_version_id") REFERENCES "catalog_plan_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog_plans" ADD CONSTRAINT "catalog_plans_current_version_id_fkey" FOREIGN KEY ("current_version_id") REFERENCES "catalog_plan_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "catalog_plan_versions" ADD CONSTRAINT "catalog_plan_versions_plan_id_fkey" FOREIGN KEY ("plan_id") REFERENCES "catalog_plans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscription_changes" ADD CONSTRAINT "subscription_changes_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "subscription_changes" ADD CONSTRAINT "subscription_changes_plan_version_id_fkey" FOREIGN KEY ("plan_version_id") REFERENCES "catalog_plan_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "entitlement_overrides" ADD CONSTRAINT "entitlement_overrides_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

