// npm run migration:new -- <name> [--from <old schema file>]
// Writes prisma/migrations/<timestamp>_<name>/migration.sql: the SQL from the last committed
// schema.prisma (or --from) to the current one. Prisma's CLI needs a reachable database even for
// this offline diff, so a throwaway PostgreSQL is started for the duration.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startPostgres } from "@/lib/devservices/postgres";
import { findFreePort } from "@/lib/devservices/free-port";
import { MIGRATIONS_DIR } from "@/lib/migrations/run-migrations";

const { values, positionals } = parseArgs({ options: { from: { type: "string" } }, allowPositionals: true });
const name = positionals[0];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run migration:new -- <name_in_snake_case> [--from old-schema.prisma]");
  process.exit(2);
}

const workDir = mkdtempSync(join(tmpdir(), "steward-migration-"));
chmodSync(workDir, 0o755);
const previous = values.from ?? join(workDir, "previous.prisma");
if (!values.from) writeFileSync(previous, execFileSync("git", ["show", "HEAD:prisma/schema.prisma"]));

const postgres = await startPostgres({ dataDir: join(workDir, "postgres"), port: await findFreePort() });
try {
  const sql = execFileSync(
    "npx",
    [
      "prisma",
      "migrate",
      "diff",
      "--from-schema-datamodel",
      previous,
      "--to-schema-datamodel",
      "prisma/schema.prisma",
      "--script",
    ],
    {
      env: { ...process.env, DATABASE_URL: postgres.url },
      encoding: "utf8",
    },
  );
  if (!sql.trim() || sql.includes("-- This is an empty migration.")) {
    console.log("schema.prisma has not changed since the last commit: no migration written.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = join(MIGRATIONS_DIR, `${stamp}_${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "migration.sql"), sql);
    console.log(`Wrote ${join(dir, "migration.sql")}; review it, then run npm test.`);
  }
} finally {
  await postgres.stop();
  rmSync(workDir, { recursive: true, force: true });
}
