type Falsy = null | undefined | false | 0 | "";

/** Polls `probe` every 50 ms until it returns something truthy, and returns that; throws after `timeoutMs`. */
export async function until<T>(
  probe: () => T | Falsy | Promise<T | Falsy>,
  timeoutMs = 20_000,
  what = "condition",
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as T;
    if (Date.now() > deadline) throw new Error(`${what}: not reached in ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
