import { AppError } from "@/lib/errors";

/** The request body as JSON, or a 400 saying it is not JSON. */
export async function readJsonBody(request: Request): Promise<unknown> {
  return request.json().catch(() => {
    throw new AppError("VALIDATION", "The body must be JSON.");
  });
}
