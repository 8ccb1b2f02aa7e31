"use client";

import { useRouter } from "next/navigation";
import type { ServerAction } from "@/lib/actions/action-result";
import { Button } from "@/components/ui/button";
import { useAction } from "@/components/ui/use-action";

type Props<Input, Data> = {
  action: ServerAction<Input, Data>;
  input: Input;
  label: string;
  confirm?: string;
  variant?: "primary" | "secondary" | "danger";
  onDone?: (data: Data) => void;
};

/** A dashboard button bound to one owner action; refusals show next to it. */
export function JobActionButton<Input, Data>({
  action,
  input,
  label,
  confirm,
  variant = "secondary",
  onDone,
}: Props<Input, Data>) {
  const router = useRouter();
  const { run, pending, error } = useAction(action, {
    onSuccess: (data) => {
      onDone?.(data);
      router.refresh();
    },
  });
  const click = () => {
    if (confirm && !window.confirm(confirm)) return;
    void run(input);
  };
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button
        type="button"
        variant={variant}
        onClick={click}
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
