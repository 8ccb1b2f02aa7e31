-- CreateEnum
CREATE TYPE "JobState" AS ENUM ('waiting', 'active', 'delayed', 'completed', 'failed');

-- CreateEnum
CREATE TYPE "NotificationSeverity" AS ENUM ('info', 'warning', 'critical');

-- CreateTable
CREATE TABLE "job_records" (
    "id" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "job_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "state" "JobState" NOT NULL,
    "payload" JSONB NOT NULL,
    "search_text" TEXT NOT NULL,
    "attempts_made" INTEGER NOT NULL DEFAULT 0,
    "failed_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL,
    "processed_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "job_records_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "schedule_pauses" (
    "schedule_id" TEXT NOT NULL,
    "paused_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paused_by" TEXT NOT NULL,

    CONSTRAINT "schedule_pauses_pkey" PRIMARY KEY ("schedule_id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" TEXT NOT NULL,
    "severity" "NotificationSeverity" NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "link" TEXT,
    "dedupe_key" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_reads" (
    "notification_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "read_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_reads_pkey" PRIMARY KEY ("notification_id","user_id")
);

-- CreateIndex
CREATE INDEX "job_records_state_created_at_idx" ON "job_records"("state", "created_at");

-- CreateIndex
CREATE INDEX "job_records_queue_state_created_at_idx" ON "job_records"("queue", "state", "created_at");

-- CreateIndex
CREATE INDEX "job_records_name_created_at_idx" ON "job_records"("name", "created_at");

-- CreateIndex
CREATE INDEX "job_records_created_at_idx" ON "job_records"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_dedupe_key_key" ON "notifications"("dedupe_key");

-- CreateIndex
CREATE INDEX "notifications_created_at_idx" ON "notifications"("created_at");

-- AddForeignKey
ALTER TABLE "notification_reads" ADD CONSTRAINT "notification_reads_notification_id_fkey" FOREIGN KEY ("notification_id") REFERENCES "notifications"("id") ON DELETE CASCADE ON UPDATE CASCADE;

