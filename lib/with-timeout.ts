/** What `withTimeout` rejects with when the work has not settled in time. */
export class TimeoutError extends Error {}

/**
 * The work's result, or a TimeoutError after `ms` (the work itself is not cancelled). When the
 * timer fires, pending I/O gets one turn first: on a busy event loop a reply that already arrived
 * would otherwise lose to the timer and be reported as a timeout.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>(
        (_, reject) =>
          (timer = setTimeout(
            () => setImmediate(() => reject(new TimeoutError(`timed out after ${ms} ms`))),
            ms,
          )),
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
