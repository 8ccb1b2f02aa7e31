// Starts one real PostgreSQL and one real Redis for the whole run and migrates a template
// database; each test file then gets its own copy of it (see per-file.ts).
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startBackingServices } from "@/lib/devservices/backing-services";
import { runMigrations } from "@/lib/migrations/run-migrations";

export const TEMPLATE_DATABASE = "steward_template";

declare module "vitest" {
  export interface ProvidedContext {
    postgresServerUrl: string;
    templateDatabaseUrl: string;
    redisUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), "steward-test-"));
  // PostgreSQL runs as its own system user when we are root; it must be able to enter this folder.
  chmodSync(dataDir, 0o755);
  const services = await startBackingServices({ dataDir, databaseName: TEMPLATE_DATABASE });
  await runMigrations({ databaseUrl: services.databaseUrl });
  const serverUrl = new URL(services.databaseUrl);
  serverUrl.pathname = "/postgres";
  project.provide("postgresServerUrl", serverUrl.toString());
  project.provide("templateDatabaseUrl", services.databaseUrl);
  project.provide("redisUrl", services.redisUrl);
  return async () => {
    await services.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
