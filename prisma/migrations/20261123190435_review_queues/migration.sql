-- CreateEnum
CREATE TYPE "ReviewAction" AS ENUM ('suspend_tenant', 'retry_payment', 'approve_refund', 'send_reminder', 'dismiss');

-- CreateEnum
CREATE TYPE "ReviewEngine" AS ENUM ('rules', 'ai');

-- CreateEnum
CREATE TYPE "ReviewVerdict" AS ENUM ('approved', 'modified', 'rejected', 'auto_executed');

-- CreateEnum
CREATE TYPE "ReviewExecutionStatus" AS ENUM ('queued', 'succeeded', 'failed');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ReviewItemKind" ADD VALUE 'suspension';
ALTER TYPE "ReviewItemKind" ADD VALUE 'payment_decline';
ALTER TYPE "ReviewItemKind" ADD VALUE 'payment_missed_installment';
ALTER TYPE "ReviewItemKind" ADD VALUE 'payment_dispute';
ALTER TYPE "ReviewItemKind" ADD VALUE 'payment_refund_request';

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "ReviewItemStatus" ADD VALUE 'in_review';
ALTER TYPE "ReviewItemStatus" ADD VALUE 'escalated';
ALTER TYPE "ReviewItemStatus" ADD VALUE 'approved';
ALTER TYPE "ReviewItemStatus" ADD VALUE 'modified';
ALTER TYPE "ReviewItemStatus" ADD VALUE 'rejected';
ALTER TYPE "ReviewItemStatus" ADD VALUE 'closed';

-- AlterTable
ALTER TABLE "review_items" ADD COLUMN     "claimed_at" TIMESTAMP(3),
ADD COLUMN     "claimed_by_id" TEXT,
ADD COLUMN     "closed_note" TEXT,
ADD COLUMN     "confidence" INTEGER,
ADD COLUMN     "due_at" TIMESTAMP(3),
ADD COLUMN     "engine" "ReviewEngine",
ADD COLUMN     "engine_lease_until" TIMESTAMP(3),
ADD COLUMN     "engine_model" TEXT,
ADD COLUMN     "engine_note" TEXT,
ADD COLUMN     "factors" JSONB,
ADD COLUMN     "input_tokens" INTEGER,
ADD COLUMN     "latency_ms" INTEGER,
ADD COLUMN     "output_tokens" INTEGER,
ADD COLUMN     "policy_applied" TEXT,
ADD COLUMN     "policy_file" TEXT,
ADD COLUMN     "policy_hash" TEXT,
ADD COLUMN     "priority" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "reasoning" TEXT,
ADD COLUMN     "recommended_action" "ReviewAction",
ADD COLUMN     "recommended_at" TIMESTAMP(3),
ADD COLUMN     "recommended_decision" TEXT,
ADD COLUMN     "request_hash" TEXT,
ADD COLUMN     "score" INTEGER,
ADD COLUMN     "updated_at" TIMESTAMP(3);

-- Items raised by dunning before the queue existed: due a day after they were raised, as the SLA for their kind says.
UPDATE "review_items" SET "due_at" = "created_at" + interval '24 hours', "updated_at" = "created_at";
ALTER TABLE "review_items" ALTER COLUMN "due_at" SET NOT NULL, ALTER COLUMN "updated_at" SET NOT NULL;

-- CreateTable
CREATE TABLE "review_decisions" (
    "id" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    "kind" "ReviewItemKind" NOT NULL,
    "verdict" "ReviewVerdict" NOT NULL,
    "action" "ReviewAction",
    "note" TEXT,
    "actor_id" TEXT,
    "actor_label" TEXT NOT NULL,
    "recommended_action" "ReviewAction",
    "recommended_confidence" INTEGER,
    "engine" "ReviewEngine",
    "policy_file" TEXT,
    "policy_hash" TEXT,
    "seconds_to_decision" INTEGER NOT NULL,
    "decided_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reversed_at" TIMESTAMP(3),
    "reversed_by_id" TEXT,
    "execution_status" "ReviewExecutionStatus",
    "execution_detail" TEXT,
    "executed_at" TIMESTAMP(3),

    CONSTRAINT "review_decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "review_settings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "settings" JSONB NOT NULL,
    "updated_by_id" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "review_settings_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "review_decisions_item_id_decided_at_idx" ON "review_decisions"("item_id", "decided_at");

-- CreateIndex
CREATE INDEX "review_decisions_decided_at_idx" ON "review_decisions"("decided_at");

-- CreateIndex
CREATE INDEX "review_decisions_actor_id_decided_at_idx" ON "review_decisions"("actor_id", "decided_at");

-- CreateIndex
CREATE INDEX "review_items_status_priority_due_at_idx" ON "review_items"("status", "priority", "due_at");

-- CreateIndex
CREATE INDEX "review_items_kind_status_idx" ON "review_items"("kind", "status");

-- AddForeignKey
ALTER TABLE "review_items" ADD CONSTRAINT "review_items_claimed_by_id_fkey" FOREIGN KEY ("claimed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_decisions" ADD CONSTRAINT "review_decisions_item_id_fkey" FOREIGN KEY ("item_id") REFERENCES "review_items"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "review_decisions" ADD CONSTRAINT "review_decisions_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

