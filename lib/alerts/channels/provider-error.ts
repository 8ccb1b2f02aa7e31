/**
 * A provider refused or failed a message. 429 and 5xx (and no answer at all) are worth retrying
 * with backoff; any other 4xx will be refused again, so the delivery fails at once and shows why.
 */
export class ProviderError extends Error {
  constructor(
    readonly provider: string,
    readonly status: number | null,
    detail: string,
  ) {
    super(`${provider} answered ${status ?? "nothing"}: ${detail}`.slice(0, 1000));
  }

  get retryable(): boolean {
    return this.status === null || this.status === 429 || this.status >= 500;
  }
}

/** Posts JSON and turns a non-2xx answer (or none) into a ProviderError; the answer's body otherwise. */
export async function postJson(provider: string, url: string, body: unknown): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    throw new ProviderError(provider, null, (error as Error).message);
  }
  const text = await response.text();
  if (!response.ok)
    throw new ProviderError(provider, response.status, text.slice(0, 300) || response.statusText);
  return text;
}
