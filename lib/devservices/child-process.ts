import type { ChildProcess } from "node:child_process";

/** Resolves when the child has exited (at once if it already has). */
export function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/**
 * Sends `signal`, then SIGKILL if the child is still alive after `graceMs`.
 * With `group`, the whole process group is signalled (children spawned with `detached: true`).
 */
export async function stopChild(
  child: ChildProcess,
  signal: NodeJS.Signals,
  graceMs: number,
  group = false,
): Promise<void> {
  const exited = waitForExit(child);
  const send = (sig: NodeJS.Signals) => {
    try {
      if (group && child.pid) process.kill(-child.pid, sig);
      else child.kill(sig);
    } catch {
      // already gone
    }
  };
  if (child.exitCode === null && child.signalCode === null) send(signal);
  const timer = setTimeout(() => send("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
  // A group may outlive its leader (e.g. Next's render workers); make sure none remain.
  if (group) send("SIGKILL");
}

/** Resolves once `line` appears in the child's stdout or stderr; rejects if it exits first. */
export function waitForOutput(
  child: ChildProcess,
  line: string,
  timeoutMs: number,
  what: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => fail(new Error(`${what} did not start within ${timeoutMs / 1000}s:\n${output.slice(-2000)}`)),
      timeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes(line)) done();
    };
    const onExit = () => fail(new Error(`${what} exited during start-up:\n${output.slice(-2000)}`));
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onData);
      child.off("exit", onExit);
    };
    const done = () => (cleanup(), resolve());
    const fail = (error: Error) => (cleanup(), reject(error));
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", onExit);
  });
}
