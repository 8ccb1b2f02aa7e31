-- CreateEnum
CREATE TYPE "AlertClass" AS ENUM ('critical_anomaly', 'review_escalated', 'payment_failed_final', 'document_expired', 'webhook_endpoint_disabled', 'worker_down', 'queue_stuck', 'job_failed');

-- CreateEnum
CREATE TYPE "AlertChannel" AS ENUM ('email', 'sms', 'pagerduty', 'slack', 'teams', 'discord');

-- CreateEnum
CREATE TYPE "AlertDeliveryStatus" AS ENUM ('queued', 'held', 'sent', 'digested', 'failed');

-- AlterTable
ALTER TABLE "notifications" ADD COLUMN     "acknowledged_at" TIMESTAMP(3),
ADD COLUMN     "acknowledged_via" TEXT,
ADD COLUMN     "alert_class" "AlertClass",
ADD COLUMN     "escalation_level" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "next_escalation_at" TIMESTAMP(3),
ADD COLUMN     "resolved_at" TIMESTAMP(3),
ADD COLUMN     "urgent" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "alert_contacts" (
    "user_id" TEXT NOT NULL,
    "phone_encrypted" TEXT,
    "phone_verified_at" TIMESTAMP(3),
    "phone_code_hash" TEXT,
    "phone_code_expires_at" TIMESTAMP(3),
    "phone_code_attempts" INTEGER NOT NULL DEFAULT 0,
    "time_zone" TEXT NOT NULL DEFAULT 'UTC',
    "quiet_start_minute" INTEGER,
    "quiet_end_minute" INTEGER,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alert_contacts_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "alert_preferences" (
    "user_id" TEXT NOT NULL,
    "alert_class" "AlertClass" NOT NULL,
    "channels" "AlertChannel"[],

    CONSTRAINT "alert_preferences_pkey" PRIMARY KEY ("user_id","alert_class")
);

-- CreateTable
CREATE TABLE "on_call_entries" (
    "user_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "on_call_entries_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "alert_deliveries" (
    "id" TEXT NOT NULL,
    "notification_id" TEXT NOT NULL,
    "user_id" TEXT,
    "channel" "AlertChannel" NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT 'trigger',
    "dedupe_key" TEXT NOT NULL,
    "status" "AlertDeliveryStatus" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_status_code" INTEGER,
    "error" TEXT,
    "provider_ref" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMP(3),

    CONSTRAINT "alert_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "on_call_entries_position_key" ON "on_call_entries"("position");

-- CreateIndex
CREATE UNIQUE INDEX "alert_deliveries_dedupe_key_key" ON "alert_deliveries"("dedupe_key");

-- CreateIndex
CREATE INDEX "alert_deliveries_status_user_id_idx" ON "alert_deliveries"("status", "user_id");

-- CreateIndex
CREATE INDEX "alert_deliveries_created_at_idx" ON "alert_deliveries"("created_at");

-- CreateIndex
CREATE INDEX "notifications_next_escalation_at_idx" ON "notifications"("next_escalation_at");

-- AddForeignKey
ALTER TABLE "alert_contacts" ADD CONSTRAINT "alert_contacts_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_preferences" ADD CONSTRAINT "alert_preferences_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "on_call_entries" ADD CONSTRAINT "on_call_entries_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

