import { describe, expect, it } from "vitest";
import { orNotFound } from "@/app/_server/or-not-found";
import { AppError } from "@/lib/errors";

describe("orNotFound", () => {
  it("passes the value through", async () => {
    await expect(orNotFound(Promise.resolve(42))).resolves.toBe(42);
  });

  it("turns the app's NOT_FOUND into Next's 404", async () => {
    const missing = orNotFound(Promise.reject(new AppError("NOT_FOUND", "No such tenant.")));
    await expect(missing).rejects.toMatchObject({ digest: "NEXT_HTTP_ERROR_FALLBACK;404" });
  });

  it("passes any other error on unchanged", async () => {
    const refused = new AppError("FORBIDDEN", "Owners only.");
    await expect(orNotFound(Promise.reject(refused))).rejects.toBe(refused);
  });
});
