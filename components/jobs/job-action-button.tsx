"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { jobsAction } from "@/app/(dashboard)/jobs/actions";
import { Button } from "@/components/ui/button";

type Props = {
  action: string;
  input: Record<string, string>;
  label: string;
  confirm?: string;
  variant?: "primary" | "secondary" | "danger";
  onDone?: (data: unknown) => void;
};

/** A dashboard button bound to one owner action; refusals show next to it. */
export function JobActionButton({ action, input, label, confirm, variant = "secondary", onDone }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const run = () => {
    if (confirm && !window.confirm(confirm)) return;
    startTransition(async () => {
      const result = await jobsAction(action, input);
      if (!result.ok) return setError(result.error);
      setError(undefined);
      onDone?.(result.data);
      router.refresh();
    });
  };
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button
        type="button"
        variant={variant}
        onClick={run}
        disabled={pending}
        className="px-2.5 py-1 text-xs"
      >
        {label}
      </Button>
      {error && (
        <span role="alert" className="text-xs text-rose-600">
          {error}
        </span>
      )}
    </span>
  );
}
