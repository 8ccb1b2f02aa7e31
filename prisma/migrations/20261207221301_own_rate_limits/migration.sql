-- CreateTable
CREATE TABLE "own_rate_limits" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "api_per_minute" INTEGER NOT NULL DEFAULT 600,
    "sign_in_per_minute" INTEGER NOT NULL DEFAULT 30,
    "updated_by_id" TEXT,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "own_rate_limits_pkey" PRIMARY KEY ("id")
);

