"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { postMarkRead, RECENT_NOTIFICATIONS_KEY } from "./notifications-api";

/** Marks notifications read and refreshes the bell, wherever the click came from. */
export function useMarkRead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: postMarkRead,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: RECENT_NOTIFICATIONS_KEY }),
  });
}
