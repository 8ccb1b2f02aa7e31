"use server";

import { serverAction } from "@/app/_server/server-action";
import { updateOwnLimits } from "@/lib/rate-limits/update-own-limits";

export const updateOwnLimitsAction = serverAction(updateOwnLimits, { revalidate: "/settings/own-limits" });
