/** The last segment of the request's path, decoded: the `:id` of a route like /api/…/[id]. */
export function lastPathSegment(request: Request): string {
  const segment = new URL(request.url).pathname.split("/").pop() ?? "";
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment; // A malformed escape names nothing: the caller answers 404, not 500.
  }
}
