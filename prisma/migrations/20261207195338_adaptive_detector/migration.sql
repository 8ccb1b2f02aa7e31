-- CreateEnum
CREATE TYPE "MetricDetector" AS ENUM ('zscore', 'adaptive');

-- AlterTable
ALTER TABLE "metric_definitions" ADD COLUMN     "detector" "MetricDetector" NOT NULL DEFAULT 'zscore';

-- AlterTable
ALTER TABLE "metric_series" ADD COLUMN     "adaptive_model" JSONB;

-- AlterTable
ALTER TABLE "anomalies" ADD COLUMN     "band_high" DOUBLE PRECISION,
ADD COLUMN     "band_low" DOUBLE PRECISION,
ADD COLUMN     "detector" "MetricDetector" NOT NULL DEFAULT 'zscore';

