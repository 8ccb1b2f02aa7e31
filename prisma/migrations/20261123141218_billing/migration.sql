-- CreateEnum
CREATE TYPE "TrialStatus" AS ENUM ('active', 'converted', 'expired', 'cancelled');

-- CreateEnum
CREATE TYPE "PaymentStatus" AS ENUM ('succeeded', 'retrying', 'recovered', 'failed', 'cancelled');

-- CreateEnum
CREATE TYPE "BillingActivityKind" AS ENUM ('trial_started', 'trial_reminder_sent', 'trial_extended', 'trial_converted', 'trial_expired', 'trial_cancelled', 'payment_succeeded', 'payment_failed', 'payment_retry_failed', 'payment_recovered', 'payment_abandoned', 'tenant_status_changed');

-- CreateEnum
CREATE TYPE "ReviewItemKind" AS ENUM ('payment_recovery_failed');

-- CreateEnum
CREATE TYPE "ReviewItemStatus" AS ENUM ('pending');

-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "billing_suspended" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "trials" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "plan" "Plan" NOT NULL,
    "status" "TrialStatus" NOT NULL DEFAULT 'active',
    "started_at" TIMESTAMP(3) NOT NULL,
    "ends_at" TIMESTAMP(3) NOT NULL,
    "original_ends_at" TIMESTAMP(3) NOT NULL,
    "extended_days" INTEGER NOT NULL DEFAULT 0,
    "converted_at" TIMESTAMP(3),
    "ended_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "trials_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payments" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "trial_id" TEXT,
    "amount_minor" INTEGER NOT NULL,
    "currency" TEXT NOT NULL,
    "status" "PaymentStatus" NOT NULL,
    "attempt_count" INTEGER NOT NULL DEFAULT 1,
    "first_failed_at" TIMESTAMP(3),
    "next_retry_at" TIMESTAMP(3),
    "provider_reference" TEXT NOT NULL,
    "failure_code" TEXT,
    "settled_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "payments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_activities" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "trial_id" TEXT,
    "payment_id" TEXT,
    "kind" "BillingActivityKind" NOT NULL,
    "summary" TEXT NOT NULL,
    "actor_label" TEXT NOT NULL,
    "details" JSONB,
    "dedupe_key" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_activities_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "billing_events" (
    "idempotency_key" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "body_hash" TEXT NOT NULL,
    "result" JSONB NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_events_pkey" PRIMARY KEY ("idempotency_key")
);

-- CreateTable
CREATE TABLE "review_items" (
    "id" TEXT NOT NULL,
    "kind" "ReviewItemKind" NOT NULL,
    "status" "ReviewItemStatus" NOT NULL DEFAULT 'pending',
    "tenant_id" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "review_items_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "trials_status_ends_at_idx" ON "trials"("status", "ends_at");

-- CreateIndex
CREATE INDEX "trials_tenant_id_started_at_idx" ON "trials"("tenant_id", "started_at");

-- CreateIndex
CREATE INDEX "trials_started_at_idx" ON "trials"("started_at");

-- CreateIndex
CREATE INDEX "trials_converted_at_idx" ON "trials"("converted_at");

-- CreateIndex
CREATE INDEX "trials_ended_at_idx" ON "trials"("ended_at");

-- CreateIndex
CREATE UNIQUE INDEX "payments_provider_reference_key" ON "payments"("provider_reference");

-- CreateIndex
CREATE INDEX "payments_status_next_retry_at_idx" ON "payments"("status", "next_retry_at");

-- CreateIndex
CREATE INDEX "payments_status_settled_at_idx" ON "payments"("status", "settled_at");

-- CreateIndex
CREATE INDEX "payments_tenant_id_created_at_idx" ON "payments"("tenant_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "billing_activities_dedupe_key_key" ON "billing_activities"("dedupe_key");

-- CreateIndex
CREATE INDEX "billing_activities_trial_id_created_at_idx" ON "billing_activities"("trial_id", "created_at");

-- CreateIndex
CREATE INDEX "billing_activities_tenant_id_created_at_idx" ON "billing_activities"("tenant_id", "created_at");

-- CreateIndex
CREATE INDEX "billing_activities_kind_created_at_idx" ON "billing_activities"("kind", "created_at");

-- CreateIndex
CREATE INDEX "billing_events_received_at_idx" ON "billing_events"("received_at");

-- CreateIndex
CREATE UNIQUE INDEX "review_items_dedupe_key_key" ON "review_items"("dedupe_key");

-- CreateIndex
CREATE INDEX "review_items_status_created_at_idx" ON "review_items"("status", "created_at");

-- CreateIndex
CREATE INDEX "review_items_tenant_id_created_at_idx" ON "review_items"("tenant_id", "created_at");

-- AddForeignKey
ALTER TABLE "trials" ADD CONSTRAINT "trials_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "payments" ADD CONSTRAINT "payments_trial_id_fkey" FOREIGN KEY ("trial_id") REFERENCES "trials"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_activities" ADD CONSTRAINT "billing_activities_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_activities" ADD CONSTRAINT "billing_activities_trial_id_fkey" FOREIGN KEY ("trial_id") REFERENCES "trials"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_activities" ADD CONSTRAINT "billing_activities_payment_id_fkey" FOREIGN KEY ("payment_id") REFERENCES "payments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- One active trial per tenant: a second trial_started event or a race cannot open two.
CREATE UNIQUE INDEX "trials_one_active_per_tenant" ON "trials"("tenant_id") WHERE "status" = 'active';
