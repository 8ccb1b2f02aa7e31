"use client";

import { useRouter } from "next/navigation";
import type { ReactNode } from "react";
import type { MarkNotificationsReadInput } from "@/lib/notifications/schemas";
import { Button } from "@/components/ui/button";
import { useMarkRead } from "./use-mark-read";

/** A button of the notification center page; the server-rendered list reloads once the read is saved. */
export function MarkReadButton({
  input,
  variant = "secondary",
  children,
}: {
  input: MarkNotificationsReadInput;
  variant?: "primary" | "secondary";
  children: ReactNode;
}) {
  const router = useRouter();
  const markRead = useMarkRead(() => router.refresh());
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <Button
        type="button"
        variant={variant}
        className="px-2.5 py-1 text-xs"
        disabled={markRead.pending}
        onClick={() => void markRead.run(input)}
      >
        {children}
      </Button>
      {markRead.error && (
        <span role="alert" className="text-xs text-rose-600 dark:text-rose-400">
          {markRead.error}
        </span>
      )}
    </span>
  );
}
