import { notFound } from "next/navigation";
import { isAppError } from "@/lib/errors";

/**
 * What `lookup` resolves to, or the page's 404 when it reports the thing missing (the app's
 * NOT_FOUND error); any other error is passed on to the error page.
 */
export async function orNotFound<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (error) {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
