// npm run seed: loads the demo users and tenants (idempotent) into DATABASE_URL.
import { loadEnvFileIfPresent } from "@/lib/devservices/env-file";

loadEnvFileIfPresent();
if (process.env.NODE_ENV === "production" && !process.env.DEMO_OWNER_PASSWORD) {
  console.error(
    "Refusing to seed demo users with published passwords in production. Set DEMO_OWNER_PASSWORD and DEMO_REVIEWER_PASSWORD to seed anyway.",
  );
  process.exit(1);
}
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
