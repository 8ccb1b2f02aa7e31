import type { NextConfig } from "next";
import { staticSecurityHeaders } from "./lib/security/headers";

const nextConfig: NextConfig = {
  // Server-only packages with native or dynamic requires stay out of the bundle.
  serverExternalPackages: [
    "@prisma/client",
    "@prisma/adapter-pg",
    "pg",
    "bullmq",
    "ioredis",
    "pino",
    "prom-client",
  ],
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: staticSecurityHeaders(process.env) }];
  },
  // The tenant CSV import sends files of up to 5 MB (MAX_CSV_BYTES) to its server actions; the
  // default limit is 1 MB.
  experimental: { serverActions: { bodySizeLimit: "6mb" } },
  // A second Steward checkout or test run in the same folder needs its own build directory.
  distDir: process.env.STEWARD_NEXT_DIST_DIR || ".next",
};

export default nextConfig;
