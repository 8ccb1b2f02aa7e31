-- CreateEnum
CREATE TYPE "IpListKind" AS ENUM ('allow', 'deny');

-- CreateEnum
CREATE TYPE "BanSource" AS ENUM ('manual', 'auto');

-- CreateEnum
CREATE TYPE "DenialReason" AS ENUM ('limit', 'denylist', 'banned');

-- CreateTable
CREATE TABLE "rate_limit_policies" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "shadow" BOOLEAN NOT NULL DEFAULT false,
    "override_limits" BOOLEAN NOT NULL DEFAULT false,
    "per_minute" INTEGER,
    "per_hour" INTEGER,
    "per_day" INTEGER,
    "override_auto_ban" BOOLEAN NOT NULL DEFAULT false,
    "ban_after_violations" INTEGER,
    "ban_window_seconds" INTEGER NOT NULL DEFAULT 600,
    "ban_duration_seconds" INTEGER NOT NULL DEFAULT 3600,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "rate_limit_policies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ip_list_entries" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "list" "IpListKind" NOT NULL,
    "cidr" TEXT NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ip_list_entries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ip_bans" (
    "id" TEXT NOT NULL,
    "tenant_id" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "source" "BanSource" NOT NULL,
    "reason" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "expires_at" TIMESTAMP(3),
    "lifted_at" TIMESTAMP(3),
    "lifted_by" TEXT,

    CONSTRAINT "ip_bans_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit_minutes" (
    "tenant_id" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "allowed" INTEGER NOT NULL,
    "denied" INTEGER NOT NULL,
    "shadow_denied" INTEGER NOT NULL,

    CONSTRAINT "rate_limit_minutes_pkey" PRIMARY KEY ("tenant_id","minute")
);

-- CreateTable
CREATE TABLE "rate_limit_hours" (
    "tenant_id" TEXT NOT NULL,
    "hour" TIMESTAMP(3) NOT NULL,
    "allowed" INTEGER NOT NULL,
    "denied" INTEGER NOT NULL,
    "shadow_denied" INTEGER NOT NULL,

    CONSTRAINT "rate_limit_hours_pkey" PRIMARY KEY ("tenant_id","hour")
);

-- CreateTable
CREATE TABLE "rate_limit_violations" (
    "tenant_id" TEXT NOT NULL,
    "ip" TEXT NOT NULL,
    "minute" TIMESTAMP(3) NOT NULL,
    "reason" "DenialReason" NOT NULL,
    "shadow" BOOLEAN NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "rate_limit_violations_pkey" PRIMARY KEY ("tenant_id","ip","minute","reason","shadow")
);

-- CreateIndex
CREATE UNIQUE INDEX "rate_limit_policies_tenant_id_key" ON "rate_limit_policies"("tenant_id");

-- CreateIndex
CREATE UNIQUE INDEX "ip_list_entries_tenant_id_cidr_key" ON "ip_list_entries"("tenant_id", "cidr");

-- CreateIndex
CREATE INDEX "ip_bans_tenant_id_lifted_at_expires_at_idx" ON "ip_bans"("tenant_id", "lifted_at", "expires_at");

-- CreateIndex
CREATE INDEX "ip_bans_started_at_idx" ON "ip_bans"("started_at");

-- CreateIndex
CREATE UNIQUE INDEX "ip_bans_tenant_id_ip_started_at_key" ON "ip_bans"("tenant_id", "ip", "started_at");

-- CreateIndex
CREATE INDEX "rate_limit_minutes_minute_idx" ON "rate_limit_minutes"("minute");

-- CreateIndex
CREATE INDEX "rate_limit_hours_hour_idx" ON "rate_limit_hours"("hour");

-- CreateIndex
CREATE INDEX "rate_limit_violations_minute_idx" ON "rate_limit_violations"("minute");

-- AddForeignKey
ALTER TABLE "rate_limit_policies" ADD CONSTRAINT "rate_limit_policies_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ip_list_entries" ADD CONSTRAINT "ip_list_entries_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ip_bans" ADD CONSTRAINT "ip_bans_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rate_limit_minutes" ADD CONSTRAINT "rate_limit_minutes_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rate_limit_hours" ADD CONSTRAINT "rate_limit_hours_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "rate_limit_violations" ADD CONSTRAINT "rate_limit_violations_tenant_id_fkey" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The policy every tenant inherits until an owner overrides it.
INSERT INTO "rate_limit_policies" ("id", "enabled", "shadow", "per_minute", "per_hour", "per_day", "ban_after_violations", "ban_window_seconds", "ban_duration_seconds", "updated_at")
VALUES ('global', true, false, 120, 3000, 50000, 10, 600, 3600, CURRENT_TIMESTAMP);
