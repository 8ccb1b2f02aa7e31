// Runs once when the web app starts: the web app watches the worker (a dead worker cannot report itself).

/** How often the web app checks the worker's heartbeat and the queues. */
const WATCH_INTERVAL_MS = 30_000;

export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs" || process.env.NEXT_PHASE === "phase-production-build") return;
  const { watchTheWatcher } = await import("@/lib/alerts/watch-the-watcher");
  setInterval(() => void watchTheWatcher(), WATCH_INTERVAL_MS).unref();
}
