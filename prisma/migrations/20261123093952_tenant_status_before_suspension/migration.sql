-- AlterTable
ALTER TABLE "tenants" ADD COLUMN     "status_before_suspension" "TenantStatus";

-- CreateIndex
CREATE INDEX "tenants_status_id_idx" ON "tenants"("status", "id");

-- CreateIndex
CREATE INDEX "tenants_plan_id_idx" ON "tenants"("plan", "id");

