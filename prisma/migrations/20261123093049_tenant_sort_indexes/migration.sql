-- DropIndex
DROP INDEX "tenants_created_at_idx";

-- DropIndex
DROP INDEX "tenants_name_idx";

-- CreateIndex
CREATE INDEX "tenants_created_at_id_idx" ON "tenants"("created_at", "id");

-- CreateIndex
CREATE INDEX "tenants_name_id_idx" ON "tenants"("name", "id");

