import type { NotificationSeverity } from "@/lib/generated/prisma/enums";
import type { Tone } from "@/components/ui/badge";

/** How each severity looks; the label is always shown too, so colour is never the only cue. */
export const SEVERITY: Record<
  NotificationSeverity,
  { label: string; tone: Tone; dot: string; text: string }
> = {
  info: { label: "Info", tone: "blue", dot: "bg-sky-500", text: "text-sky-700 dark:text-sky-300" },
  warning: {
    label: "Warning",
    tone: "amber",
    dot: "bg-amber-500",
    text: "text-amber-700 dark:text-amber-300",
  },
  critical: { label: "Critical", tone: "red", dot: "bg-rose-600", text: "text-rose-700 dark:text-rose-300" },
};
