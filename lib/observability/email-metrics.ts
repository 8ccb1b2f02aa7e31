import { db } from "@/lib/db";
import { EmailStatus } from "@/lib/generated/prisma/enums";
import { defineScrapeGauge } from "./scrape-gauge";

/** Emails in the email log by delivery status (read-only, at scrape time). */
export function registerEmailMetrics(): void {
  defineScrapeGauge({
    name: "steward_emails",
    help: "Emails in the email log by status",
    labelNames: ["status"],
    read: async () => {
      const rows = await db.emailLog.groupBy({ by: ["status"], _count: { _all: true } });
      return Object.values(EmailStatus).map((status) => ({
        labels: { status },
        value: rows.find((r) => r.status === status)?._count._all ?? 0,
      }));
    },
  });
}
