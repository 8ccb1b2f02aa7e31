-- CreateEnum
CREATE TYPE "MetricSource" AS ENUM ('api', 'rate_limit_requests', 'rate_limit_denial_rate', 'billing_revenue', 'billing_failed_payments');

-- CreateEnum
CREATE TYPE "MetricBucket" AS ENUM ('hour', 'day');

-- CreateEnum
CREATE TYPE "MetricAggregation" AS ENUM ('sum', 'mean', 'max');

-- CreateEnum
CREATE TYPE "MetricDirection" AS ENUM ('spike', 'drop', 'both');

-- CreateEnum
CREATE TYPE "MetricSeasonality" AS ENUM ('none', 'hour_of_day', 'day_of_week');

-- CreateEnum
CREATE TYPE "AnomalyStatus" AS ENUM ('active', 'acknowledged', 'resolved', 'false_positive');

-- CreateEnum
CREATE TYPE "AnomalySeverity" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateTable
CREATE TABLE "metric_definitions" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "source" "MetricSource" NOT NULL DEFAULT 'api',
    "bucket" "MetricBucket" NOT NULL DEFAULT 'hour',
    "aggregation" "MetricAggregation" NOT NULL DEFAULT 'sum',
    "direction" "MetricDirection" NOT NULL,
    "z_threshold" DOUBLE PRECISION NOT NULL,
    "medium_z" DOUBLE PRECISION NOT NULL,
    "high_z" DOUBLE PRECISION NOT NULL,
    "critical_z" DOUBLE PRECISION NOT NULL,
    "baseline_days" INTEGER NOT NULL,
    "min_history_days" INTEGER NOT NULL,
    "seasonality" "MetricSeasonality" NOT NULL DEFAULT 'none',
    "robust" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "derived_through" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "metric_definitions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metric_series" (
    "id" SERIAL NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "metric_id" TEXT NOT NULL,
    "evaluated_through" TIMESTAMP(3),
    "baseline_through" TIMESTAMP(3),
    "baseline_refreshed_at" TIMESTAMP(3),
    "last_alerted_at" TIMESTAMP(3),
    "muted_until" TIMESTAMP(3),
    "muted_by_id" TEXT,
    "mute_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "metric_series_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metric_points" (
    "series_id" INTEGER NOT NULL,
    "bucket" TIMESTAMP(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "metric_points_pkey" PRIMARY KEY ("series_id","bucket")
);

-- CreateTable
CREATE TABLE "metric_baselines" (
    "series_id" INTEGER NOT NULL,
    "slot" INTEGER NOT NULL,
    "points" INTEGER NOT NULL,
    "center" DOUBLE PRECISION NOT NULL,
    "spread" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "metric_baselines_pkey" PRIMARY KEY ("series_id","slot")
);

-- CreateTable
CREATE TABLE "anomalies" (
    "id" TEXT NOT NULL,
    "series_id" INTEGER NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "metric_id" TEXT NOT NULL,
    "status" "AnomalyStatus" NOT NULL DEFAULT 'active',
    "severity" "AnomalySeverity" NOT NULL,
    "first_bucket" TIMESTAMP(3) NOT NULL,
    "last_bucket" TIMESTAMP(3) NOT NULL,
    "anomalous_buckets" INTEGER NOT NULL DEFAULT 1,
    "peak_bucket" TIMESTAMP(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "z" DOUBLE PRECISION NOT NULL,
    "center" DOUBLE PRECISION NOT NULL,
    "spread" DOUBLE PRECISION NOT NULL,
    "baseline_points" INTEGER NOT NULL,
    "threshold" DOUBLE PRECISION NOT NULL,
    "baseline_days" INTEGER NOT NULL,
    "seasonality" "MetricSeasonality" NOT NULL,
    "robust" BOOLEAN NOT NULL,
    "assignee_id" TEXT,
    "note" TEXT,
    "acknowledged_at" TIMESTAMP(3),
    "closed_at" TIMESTAMP(3),
    "closed_by_id" TEXT,
    "alerted_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "anomalies_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "metric_definitions_key_key" ON "metric_definitions"("key");

-- CreateIndex
CREATE INDEX "metric_series_metric_id_idx" ON "metric_series"("metric_id");

-- CreateIndex
CREATE UNIQUE INDEX "metric_series_tenant_id_metric_id_key" ON "metric_series"("tenant_id", "metric_id");

-- CreateIndex
CREATE INDEX "anomalies_status_severity_last_bucket_idx" ON "anomalies"("status", "severity", "last_bucket");

-- CreateIndex
CREATE INDEX "anomalies_tenant_id_last_bucket_idx" ON "anomalies"("tenant_id", "last_bucket");

-- CreateIndex
CREATE INDEX "anomalies_metric_id_status_idx" ON "anomalies"("metric_id", "status");

-- CreateIndex
CREATE INDEX "anomalies_last_bucket_idx" ON "anomalies"("last_bucket");

-- AddForeignKey
ALTER TABLE "metric_series" ADD CONSTRAINT "metric_series_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metric_series" ADD CONSTRAINT "metric_series_metric_id_fkey" FOREIGN KEY ("metric_id") REFERENCES "metric_definitions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metric_points" ADD CONSTRAINT "metric_points_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "metric_series"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "metric_baselines" ADD CONSTRAINT "metric_baselines_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "metric_series"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "anomalies" ADD CONSTRAINT "anomalies_series_id_fkey" FOREIGN KEY ("series_id") REFERENCES "metric_series"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "anomalies" ADD CONSTRAINT "anomalies_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "anomalies" ADD CONSTRAINT "anomalies_metric_id_fkey" FOREIGN KEY ("metric_id") REFERENCES "metric_definitions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "anomalies" ADD CONSTRAINT "anomalies_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- Ingestion bounds values to ±1e15 (a batch may sum 1,000 of them); anything beyond would overflow
-- the baseline arithmetic and stop detection.
ALTER TABLE "metric_points" ADD CONSTRAINT "metric_points_value_bounded" CHECK ("value" BETWEEN -1e18 AND 1e18);

-- One open (active or acknowledged) anomaly per tenant × metric: a continuing anomaly updates it.
CREATE UNIQUE INDEX "anomalies_one_open_per_series" ON "anomalies" ("series_id") WHERE "status" IN ('active', 'acknowledged');

-- The metrics every install watches. Thresholds: revenue drop 2.5σ, usage spike 3σ, error rate up 2σ,
-- latency up 3σ, churn up 2.5σ, storage spike 3σ; severity bands on |z| above them.
INSERT INTO "metric_definitions" ("id", "key", "name", "unit", "description", "source", "bucket", "aggregation", "direction",
  "z_threshold", "medium_z", "high_z", "critical_z", "baseline_days", "min_history_days", "seasonality", "robust", "updated_at")
VALUES
  ('metric_revenue', 'revenue', 'Revenue', 'amount', 'Revenue the platform reports for the tenant', 'api', 'hour', 'sum', 'drop', 2.5, 3.5, 4.5, 6, 28, 14, 'day_of_week', false, CURRENT_TIMESTAMP),
  ('metric_requests', 'requests', 'Request volume', 'requests', 'Rate-limit checks per hour (allowed and denied), computed by Steward', 'rate_limit_requests', 'hour', 'sum', 'spike', 3, 4, 5, 7, 14, 3, 'hour_of_day', false, CURRENT_TIMESTAMP),
  ('metric_denial_rate', 'denial_rate', 'Denied requests', '%', 'Share of rate-limit checks denied per hour, computed by Steward', 'rate_limit_denial_rate', 'hour', 'mean', 'spike', 3, 4, 5, 7, 14, 3, 'none', true, CURRENT_TIMESTAMP),
  ('metric_billing_revenue', 'billing_revenue', 'Payments received', 'amount', 'Payments settled per day (major currency units), computed by Steward', 'billing_revenue', 'day', 'sum', 'drop', 2.5, 3.5, 4.5, 6, 28, 14, 'none', false, CURRENT_TIMESTAMP),
  ('metric_failed_payments', 'failed_payments', 'Failed payments', 'payments', 'Payments that failed per day, computed by Steward', 'billing_failed_payments', 'day', 'sum', 'spike', 3, 4, 5, 7, 28, 7, 'none', true, CURRENT_TIMESTAMP),
  ('metric_active_users', 'active_users', 'Active users', 'users', 'Users active in the hour, as the platform reports them', 'api', 'hour', 'max', 'drop', 3, 4, 5, 7, 14, 7, 'hour_of_day', false, CURRENT_TIMESTAMP),
  ('metric_error_rate', 'error_rate', 'Error rate', '%', 'Share of the tenant''s requests that failed', 'api', 'hour', 'mean', 'spike', 2, 3, 4, 6, 7, 2, 'none', false, CURRENT_TIMESTAMP),
  ('metric_latency_p95', 'latency_p95', 'Latency (p95)', 'ms', '95th percentile response time', 'api', 'hour', 'max', 'spike', 3, 4, 5, 7, 7, 2, 'hour_of_day', true, CURRENT_TIMESTAMP),
  ('metric_churn_rate', 'churn_rate', 'Churn', '%', 'Share of the tenant''s customers lost per day', 'api', 'day', 'mean', 'spike', 2.5, 3.5, 4.5, 6, 30, 14, 'none', false, CURRENT_TIMESTAMP),
  ('metric_storage_gb', 'storage_gb', 'Storage', 'GB', 'Storage the tenant uses', 'api', 'day', 'max', 'spike', 3, 4, 5, 7, 30, 7, 'none', false, CURRENT_TIMESTAMP);
