import { spawn, type ChildProcess } from "node:child_process";

/** First wait before a restart; doubled after each crash up to the maximum. */
const FIRST_RESTART_MS = 1_000;
const MAX_RESTART_MS = 30_000;
/** A run this long counts as healthy: the next crash starts the backoff over. */
const HEALTHY_RUN_MS = 60_000;

export type SupervisedChild = {
  /** The running process, if any (none while waiting to restart). */
  current(): ChildProcess | undefined;
  /** Stops restarting; the caller stops `current()` itself. */
  giveUp(): void;
};

/**
 * Runs a command in its own process group (so Ctrl-C reaches it only through the launcher) and
 * restarts it when it exits, after 1, 2, 4 … 30 s, saying so through `report`.
 */
export function superviseChild(
  name: string,
  command: string,
  args: string[],
  report: (line: string) => void,
): SupervisedChild {
  let child: ChildProcess | undefined;
  let delay = FIRST_RESTART_MS;
  let timer: NodeJS.Timeout | undefined;
  let givenUp = false;
  const start = () => {
    const startedAt = Date.now();
    const started = spawn(command, args, { stdio: "inherit", detached: true, env: process.env });
    child = started;
    started.on("exit", (code, signal) => {
      if (child === started) child = undefined;
      if (givenUp) return;
      if (Date.now() - startedAt >= HEALTHY_RUN_MS) delay = FIRST_RESTART_MS;
      report(`${name} exited (${signal ?? `code ${code}`}); restarting it in ${delay / 1000} s.`);
      timer = setTimeout(start, delay);
      delay = Math.min(delay * 2, MAX_RESTART_MS);
    });
  };
  start();
  return {
    current: () => child,
    giveUp() {
      givenUp = true;
      clearTimeout(timer);
    },
  };
}
