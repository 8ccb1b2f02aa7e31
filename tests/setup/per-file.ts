// Runs before each test file: a fresh database cloned from the migrated template, its own
// Redis key prefix, and test secrets, so files never see each other's data.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { inject } from "vitest";

const TEMPLATE = "steward_template";

const name = `steward_test_${randomBytes(6).toString("hex")}`;
const admin = new pg.Client({ connectionString: inject("postgresServerUrl") });
await admin.connect();
await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE}"`);
await admin.end();

const databaseUrl = new URL(inject("postgresServerUrl"));
databaseUrl.pathname = `/${name}`;
process.env.DATABASE_URL = databaseUrl.toString();
process.env.REDIS_URL = inject("redisUrl");
process.env.STEWARD_QUEUE_PREFIX = `test-${name}`;
process.env.STEWARD_ENCRYPTION_KEY ??= randomBytes(32).toString("base64");
process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("base64url");
process.env.LOG_LEVEL ??= "silent";
// Uploaded documents go to a folder of this file's own, never the developer's data dir.
process.env.STEWARD_DOCUMENTS_DIR = mkdtempSync(join(tmpdir(), "steward-documents-"));
// The review queue decides with rules unless a file opts into the AI (review-ai-engine.test.ts does),
// so a developer's own ANTHROPIC_API_KEY never sends test data to the real API.
process.env.REVIEW_ENGINE = "rules";
// Test receivers listen on loopback.
process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS = "true";
delete process.env.ANTHROPIC_API_KEY;
delete process.env.ANTHROPIC_BASE_URL;
