import { db } from "@/lib/db";
import { seedDemo } from "./seed-demo";
import { seedFailedJobs } from "./seed-failed-jobs";

/**
 * Seeds demo data on a fresh database only (no users yet), so an operator's own data and
 * deletions are never touched. STEWARD_SEED_DEMO=false turns it off.
 */
export async function seedDemoOnce(log: (line: string) => void): Promise<void> {
  if (process.env.STEWARD_SEED_DEMO === "false") return;
  if ((await db.user.count()) > 0) return;
  const result = await seedDemo();
  const failedJobs = await seedFailedJobs();
  log(
    `Seeded demo data: ${result.usersCreated} users, ${result.tenantsCreated} tenants, ${failedJobs} failed jobs`,
  );
}
