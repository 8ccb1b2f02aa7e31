-- Job search now reads Redis directly (newest jobs per queue and state); keeping a Postgres row
-- in step with every job cost most of the queue's throughput (bench/queue-throughput.ts).

-- DropTable
DROP TABLE "job_records";

-- DropEnum
DROP TYPE "JobState";

