// Steward's browser-facing security headers: one place, used by proxy.ts (pages, per request) and
// next.config.ts (every response).

/**
 * The page policy: scripts only with this request's nonce (Next.js puts it on its own scripts, and
 * 'strict-dynamic' extends the trust to the chunks they load); styles may be inline because charts
 * and layout set style attributes, which nonces cannot cover; nothing may frame a page.
 */
export function contentSecurityPolicy(nonce: string, options: { dev: boolean }): string {
  return [
    "default-src 'self'",
    // React's development build evaluates code for its error overlays and fast refresh.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${options.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers for every response; HSTS only in production behind HTTPS (it would lock a local http:// out). */
export function staticSecurityHeaders(env: {
  NODE_ENV?: string;
  NEXTAUTH_URL?: string;
}): { key: string; value: string }[] {
  const headers = [
    { key: "X-Content-Type-Options", value: "nosniff" },
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    { key: "X-Frame-Options", value: "DENY" },
    { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  ];
  if (env.NODE_ENV === "production" && env.NEXTAUTH_URL?.startsWith("https://"))
    headers.push({ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" });
  return headers;
}
