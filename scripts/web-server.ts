// npm start, and the web app of npm run dev: Next.js served by Steward's own small HTTP server, which
// alone decides the client's address (TRUSTED_PROXIES), so a client cannot pick the address its
// sign-in attempts are counted against. `--dev` serves the development build with hot reload.
import { parseArgs } from "node:util";
import { parseTrustedProxies } from "@/lib/auth/trusted-proxies";
import { createWebServer } from "@/lib/security/web-server";

const { values: args } = parseArgs({
  options: { dev: { type: "boolean", default: false }, port: { type: "string" } },
});
const port = Number(args.port ?? process.env.PORT ?? 3000);
const trusted = parseTrustedProxies(process.env.TRUSTED_PROXIES);
// As `next start` / `next dev` do; Next.js reads it when loaded, hence the import after it.
Object.assign(process.env, { NODE_ENV: args.dev ? "development" : "production" });
const { default: next } = await import("next");

const app = next({ dev: args.dev, port, hostname: "localhost", turbopack: args.dev });
await app.prepare();
const server = createWebServer(app.getRequestHandler(), trusted);
// Hot reload's websocket in development.
if (args.dev) server.on("upgrade", app.getUpgradeHandler());
server.listen(port, () => console.log(`Steward is listening on port ${port}`));
