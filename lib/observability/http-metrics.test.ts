import { describe, expect, it } from "vitest";
import { routeOf } from "./http-metrics";

const route = (path: string) => routeOf(new Request(`http://steward.test${path}`));

describe("routeOf", () => {
  it("keeps static routes as they are", () => {
    expect(route("/api/v1/tenants?page=2")).toBe("/api/v1/tenants");
    expect(route("/api/jobs/overview")).toBe("/api/jobs/overview");
    expect(route("/api/health/ready")).toBe("/api/health/ready");
  });

  it("collapses record ids so label values stay a bounded set", () => {
    expect(route("/api/jobs/email%3A42")).toBe("/api/jobs/:id");
    expect(route("/api/jobs/email:42")).toBe("/api/jobs/:id");
    expect(route("/api/tenants/cm9x2k4l70000abcd1234efgh")).toBe("/api/tenants/:id");
    expect(route("/api/tenants/123e4567-e89b-12d3-a456-426614174000/users/7")).toBe(
      "/api/tenants/:id/users/:id",
    );
  });
});
