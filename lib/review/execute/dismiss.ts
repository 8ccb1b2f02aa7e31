import type { Executor } from "./target";

/** Dismissing leaves everything as it is. */
export const dismiss: Executor = async () => ({ ok: true, detail: "Dismissed: nothing to execute." });
