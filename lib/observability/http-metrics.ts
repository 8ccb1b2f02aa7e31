import { Counter, Histogram } from "prom-client";
import { defineMetric } from "./registry";

function httpRequests() {
  return defineMetric(
    "steward_http_requests_total",
    (registry) =>
      new Counter({
        name: "steward_http_requests_total",
        help: "HTTP requests answered by the web app, by route, method and status",
        labelNames: ["route", "method", "status"] as const,
        registers: [registry],
      }),
  );
}

function httpDuration() {
  return defineMetric(
    "steward_http_request_duration_seconds",
    (registry) =>
      // prom-client's default buckets (5 ms to 10 s) span both a health probe and a slow report.
      new Histogram({
        name: "steward_http_request_duration_seconds",
        help: "Time until the web app's route handlers returned a response, by route and method",
        labelNames: ["route", "method"] as const,
        registers: [registry],
      }),
  );
}

/** Creates the HTTP metrics up front, so a scrape shows them even before the first request. */
export function registerHttpMetrics(): void {
  httpRequests();
  httpDuration();
}

/** Records one answered request; `route` must come from a bounded set (see `routeOf`). */
export function observeRequest(route: string, method: string, status: number, seconds: number): void {
  httpRequests().inc({ route, method, status: String(status) });
  httpDuration().observe({ route, method }, seconds);
}

/** Starts timing a request; pass the response to the returned function to record it and get it back. */
export function startRequestTimer(route: string, method: string): (response: Response) => Response {
  const started = performance.now();
  return (response) => {
    observeRequest(route, method, response.status, (performance.now() - started) / 1000);
    return response;
  };
}

// A segment that names a record (cuid, uuid, number, "<queue>:<job id>" or anything percent-encoded)
// would make one series per record; such segments become ":id".
const ID_SEGMENT = /^\d+$|[:%]|^(?=.*\d).{8,}$|^.{20,}$/;

/** The request's path with record ids collapsed, e.g. "/api/jobs/email%3A42" → "/api/jobs/:id". */
export function routeOf(request: Request): string {
  return new URL(request.url).pathname
    .split("/")
    .map((segment) => (ID_SEGMENT.test(segment) ? ":id" : segment))
    .join("/");
}
