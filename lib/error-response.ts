import { describeError } from "@/lib/errors";
import { logger } from "@/lib/logger";

/**
 * The status and JSON body every HTTP transport sends for an error: expected errors as they are,
 * anything else logged (with `context`, e.g. the path) and answered as an opaque 500.
 */
export function errorResponseBody(error: unknown, context: Record<string, unknown>) {
  const { status, code, message, fields } = describeError(error);
  // An expected 503 (a dependency not answering) is reported once per outage where it is noticed.
  if (status >= 500 && status !== 503)
    logger.error(
      { ...context, err: (error as Error).message, stack: (error as Error).stack },
      "request failed",
    );
  return { status, body: { error: { code, message, ...(fields ? { fields } : {}) } } };
}
