import { randomBytes } from "node:crypto";

// Random per process, so two processes writing in the same millisecond never collide.
const processPart = randomBytes(5).toString("hex");
let counter = 0;

/**
 * An id for rows written with raw SQL (Prisma's cuid() default applies only to its own creates):
 * unique, and in creation order within a process — time, then a counter — so "newest first, id as
 * the tie-breaker" keeps the order rows were written in.
 */
export function newId(): string {
  counter = (counter + 1) % 36 ** 4;
  return `c${Date.now().toString(36)}${counter.toString(36).padStart(4, "0")}${processPart}`;
}
