import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";

// The CLI must be able to resolve `env("DATABASE_URL")` in the schema even for commands that never
// connect (generate, validate); without it Prisma falls back to a native engine it cannot download.
process.env.DATABASE_URL ??= "postgresql://localhost:5432/steward";

// Prisma 6.19 runs its schema engine as WebAssembly through the driver adapter,
// so no native engine is downloaded (these machines cannot reach the download host).
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  async adapter() {
    return new PrismaPg({ connectionString: process.env.DATABASE_URL! });
  },
});
