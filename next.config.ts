import type { NextConfig } from "next";
import { staticSecurityHeaders } from "./lib/security/headers";
import { SERVER_ACTION_BODY_LIMIT_BYTES } from "./lib/security/request-limits";

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
    "twilio",
  ],
  poweredByHeader: false,
  // Trials and payments moved under /billing; links already stored in notifications keep working.
  async redirects() {
    return [
      { source: "/trials", destination: "/billing", permanent: true },
      { source: "/trials/payments", destination: "/billing/payments", permanent: true },
      { source: "/trials/:id", destination: "/billing/trials/:id", permanent: true },
    ];
  },
  async headers() {
    return [{ source: "/:path*", headers: staticSecurityHeaders(process.env) }];
  },
  // authInterrupts: `forbidden()` renders forbidden.tsx with a 403 instead of a page that answers 200.
  experimental: { serverActions: { bodySizeLimit: SERVER_ACTION_BODY_LIMIT_BYTES }, authInterrupts: true },
  // The dev server serves its scripts to `localhost` only; opened at 127.0.0.1 the page never hydrated.
  allowedDevOrigins: ["127.0.0.1", "localhost"],
  // A second Steward checkout or test run in the same folder needs its own build directory.
  distDir: process.env.STEWARD_NEXT_DIST_DIR || ".next",
};

export default nextConfig;
