import { createHash } from "node:crypto";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  idempotencyKeySchema,
  releaseIdempotencyKey,
  type KeyScope,
} from "@/lib/idempotency/idempotency-keys";
import { parseInput } from "@/lib/validation";
import type { Handler } from "./route";

/**
 * The request passed on with its body hashed as the handler reads it (a streamed body is never held
 * whole), and `digest()`, which reads whatever the handler left unread so the hash covers the whole
 * request: method, path and query, and body.
 */
function hashedRequest(request: Request) {
  const url = new URL(request.url);
  const hash = createHash("sha256").update(`${request.method} ${url.pathname}${url.search}\n`);
  const source = request.body?.getReader();
  let finished = !source;
  const read = async () => {
    const { done, value } = await source!.read();
    if (done) finished = true;
    else hash.update(value);
    return value;
  };
  // highWaterMark 0: nothing is read ahead of the handler, so digest() is the only other reader.
  const body = source
    ? new ReadableStream<Uint8Array>(
        {
          async pull(controller) {
            const chunk = await read();
            if (chunk) controller.enqueue(chunk);
            else controller.close();
          },
        },
        { highWaterMark: 0 },
      )
    : null;
  const forwarded = new Request(request.url, {
    method: request.method,
    headers: request.headers,
    body,
    duplex: "half",
  } as RequestInit);
  return {
    request: forwarded,
    async digest() {
      while (!finished) await read();
      return hash.digest("hex");
    },
  };
}

const replay = (status: number, body: unknown) =>
  Response.json(body, { status, headers: { "idempotent-replayed": "true" } });

/**
 * Makes a JSON machine write safe to retry with an `Idempotency-Key` header (per API key, kept 24 h):
 * the same key and request answer the first response again with `idempotent-replayed: true`; the
 * same key with another body, method or path is a 409, and so is a second request while the first
 * still runs. Only a successful (2xx) response is kept: after a failure the key can be used again.
 * Without the header the handler simply runs.
 */
export function idempotent<P>(handler: Handler<P>): Handler<P> {
  return async (request, actor, params) => {
    const header = request.headers.get("idempotency-key");
    if (header === null) return handler(request, actor, params);
    const key = parseInput(z.object({ "Idempotency-Key": idempotencyKeySchema }), {
      "Idempotency-Key": header,
    })["Idempotency-Key"];
    const scope: KeyScope = { ownerId: actor.id ?? actor.label, key };
    const hashed = hashedRequest(request);
    const claim = await claimIdempotencyKey(scope);
    if (claim.kind === "in-progress")
      throw new AppError(
        "CONFLICT",
        "A request with this Idempotency-Key is still in progress; retry once it has finished.",
      );
    if (claim.kind === "completed") {
      if ((await hashed.digest()) !== claim.requestHash)
        throw new AppError(
          "CONFLICT",
          "This Idempotency-Key was already used for a different request (another body, method or path).",
        );
      return replay(claim.status, claim.body);
    }
    try {
      const response = await handler(hashed.request, actor, params);
      const text = response.ok ? await response.text() : null;
      const body = text === null ? undefined : parseJsonOrUndefined(text);
      if (body === undefined) {
        await releaseIdempotencyKey(scope, claim.claimedAt);
        return text === null ? response : new Response(text, response);
      }
      await completeIdempotencyKey(scope, claim.claimedAt, {
        requestHash: await hashed.digest(),
        status: response.status,
        body,
      });
      return new Response(text, response);
    } catch (error) {
      await releaseIdempotencyKey(scope, claim.claimedAt);
      throw error;
    }
  };
}

/** A JSON body to keep, or undefined for one that cannot be answered again as JSON. */
function parseJsonOrUndefined(text: string): NonNullable<unknown> | undefined {
  try {
    return (JSON.parse(text) as unknown) ?? undefined;
  } catch {
    return undefined;
  }
}
