// npm run migrate: applies pending migrations to DATABASE_URL (production and CI use this).
import { loadEnvFileIfPresent } from "@/lib/devservices/env-file";
import { runMigrations } from "@/lib/migrations/run-migrations";

loadEnvFileIfPresent();
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error(
    "DATABASE_URL is not set. Example: DATABASE_URL=postgresql://user:pass@localhost:5432/steward npm run migrate",
  );
  process.exit(1);
}
try {
  const applied = await runMigrations({ databaseUrl, log: (line) => console.log(line) });
  console.log(applied.length ? `Applied ${applied.length} migration(s).` : "Database is up to date.");
  process.env.DATABASE_URL = databaseUrl;
  const { ensureDefaultTemplates } = await import("@/lib/email/default-templates");
  const { db } = await import("@/lib/db");
  const added = await ensureDefaultTemplates();
  if (added) console.log(`Added ${added} default email template(s).`);
  await db.$disconnect();
} catch (error) {
  console.error(`Migration failed: ${(error as Error).message}`);
  process.exit(1);
}
