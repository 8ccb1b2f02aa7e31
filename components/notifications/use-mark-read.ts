"use client";

import { useQueryClient } from "@tanstack/react-query";
import type { MarkNotificationsReadInput } from "@/lib/notifications/schemas";
import { postToRoute } from "@/components/ui/post-to-route";
import { useAction } from "@/components/ui/use-action";
import { RECENT_NOTIFICATIONS_KEY } from "./notifications-api";

const markRead = postToRoute<MarkNotificationsReadInput, { marked: number }>("/api/notifications/read");

/** Marks notifications read and refreshes the bell, wherever the click came from; then `onSuccess`. */
export function useMarkRead(onSuccess?: () => void) {
  const queryClient = useQueryClient();
  return useAction(markRead, {
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: RECENT_NOTIFICATIONS_KEY });
      onSuccess?.();
    },
  });
}
