-- CreateEnum
CREATE TYPE "DocumentType" AS ENUM ('contract', 'certificate', 'licence', 'dpa', 'payment_mandate', 'custom');

-- CreateEnum
CREATE TYPE "DocumentStatus" AS ENUM ('active', 'expired', 'replaced');

-- CreateEnum
CREATE TYPE "UsageClass" AS ENUM ('daily', 'weekly', 'monthly', 'rare', 'inactive');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ReviewItemKind" ADD VALUE 'document_expired';
ALTER TYPE "ReviewItemKind" ADD VALUE 'plan_downgrade';
ALTER TYPE "ReviewItemKind" ADD VALUE 'plan_upgrade';
ALTER TYPE "ReviewItemKind" ADD VALUE 'tenant_archive';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ReviewAction" ADD VALUE 'change_plan';
ALTER TYPE "ReviewAction" ADD VALUE 'archive_tenant';

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "rotated_to_id" TEXT;

-- CreateTable
CREATE TABLE "tenant_documents" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "type" "DocumentType" NOT NULL,
    "custom_type" TEXT,
    "title" TEXT NOT NULL,
    "required" BOOLEAN NOT NULL DEFAULT false,
    "expires_on" DATE NOT NULL,
    "status" "DocumentStatus" NOT NULL DEFAULT 'active',
    "notes" TEXT NOT NULL DEFAULT '',
    "file_name" TEXT,
    "storage_path" TEXT,
    "content_type" TEXT,
    "size_bytes" INTEGER,
    "sha256" TEXT,
    "renews_id" TEXT,
    "expired_at" TIMESTAMP(3),
    "replaced_at" TIMESTAMP(3),
    "uploaded_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tenant_documents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "document_warnings" (
    "id" TEXT NOT NULL,
    "document_id" TEXT NOT NULL,
    "offset_days" INTEGER NOT NULL,
    "days_left" INTEGER NOT NULL,
    "sent_at" TIMESTAMP(3) NOT NULL,
    "closed_at" TIMESTAMP(3),

    CONSTRAINT "document_warnings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tenant_usage" (
    "tenant_id" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "usage_class" "UsageClass" NOT NULL,
    "plan" "Plan" NOT NULL,
    "active_days" INTEGER NOT NULL,
    "active_weeks" INTEGER NOT NULL,
    "requests" BIGINT NOT NULL,
    "peak_daily_requests" INTEGER NOT NULL,
    "limit_days" INTEGER NOT NULL,
    "computed_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "tenant_usage_pkey" PRIMARY KEY ("tenant_id","day")
);

-- CreateIndex
CREATE UNIQUE INDEX "tenant_documents_renews_id_key" ON "tenant_documents"("renews_id");

-- CreateIndex
CREATE INDEX "tenant_documents_status_expires_on_idx" ON "tenant_documents"("status", "expires_on");

-- CreateIndex
CREATE INDEX "tenant_documents_tenant_id_status_idx" ON "tenant_documents"("tenant_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "document_warnings_document_id_offset_days_key" ON "document_warnings"("document_id", "offset_days");

-- CreateIndex
CREATE INDEX "tenant_usage_day_usage_class_idx" ON "tenant_usage"("day", "usage_class");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_rotated_to_id_key" ON "api_keys"("rotated_to_id");

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_rotated_to_id_fkey" FOREIGN KEY ("rotated_to_id") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_documents" ADD CONSTRAINT "tenant_documents_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_documents" ADD CONSTRAINT "tenant_documents_renews_id_fkey" FOREIGN KEY ("renews_id") REFERENCES "tenant_documents"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_documents" ADD CONSTRAINT "tenant_documents_uploaded_by_id_fkey" FOREIGN KEY ("uploaded_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document_warnings" ADD CONSTRAINT "document_warnings_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "tenant_documents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tenant_usage" ADD CONSTRAINT "tenant_usage_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

