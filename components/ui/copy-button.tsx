"use client";

import { useState } from "react";
import { Button } from "./button";

/**
 * Copies `text` to the clipboard: for secrets shown once, which nobody should have to select by hand.
 * Says "Copied" for a moment, or that the browser refused (an insecure origin has no clipboard).
 */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2_000);
  }

  return (
    <Button type="button" variant="secondary" onClick={copy} className="px-2 py-1 text-xs">
      <span aria-live="polite">
        {state === "copied" ? "Copied" : state === "failed" ? "Copy failed: select the text" : label}
      </span>
    </Button>
  );
}
