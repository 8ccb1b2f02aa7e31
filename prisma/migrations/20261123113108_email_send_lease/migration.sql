-- AlterTable
ALTER TABLE "email_logs" ADD COLUMN     "sending_until" TIMESTAMP(3);

