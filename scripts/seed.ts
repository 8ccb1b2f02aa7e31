// npm run seed: loads the demo users and tenants (idempotent) into DATABASE_URL.
import { loadEnvFileIfPresent } from "@/lib/devservices/env-file";

loadEnvFileIfPresent();
const { seedDemo } = await import("@/lib/seed/seed-demo");
const { db } = await import("@/lib/db");
try {
  const result = await seedDemo();
  console.log(`Seeded ${result.usersCreated} user(s) and ${result.tenantsCreated} tenant(s).`);
} catch (error) {
  console.error(`Seeding failed: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}
