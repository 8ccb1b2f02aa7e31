"use server";

import { serverAction } from "@/app/_server/server-action";
import { updateGlobalPolicy, updateTenantPolicy } from "@/lib/rate-limits/update-policy";
import { addIpListEntry, removeIpListEntry } from "@/lib/rate-limits/ip-list-entries";
import { banIp, liftBan } from "@/lib/rate-limits/bans";
import { resetIpCounters } from "@/lib/rate-limits/counters";

const revalidate = "/rate-limits";

export const updateGlobalPolicyAction = serverAction(updateGlobalPolicy, { revalidate });
export const updateTenantPolicyAction = serverAction(updateTenantPolicy, { revalidate });
export const addIpListEntryAction = serverAction(addIpListEntry, { revalidate });
export const removeIpListEntryAction = serverAction(removeIpListEntry, { revalidate });
export const banIpAction = serverAction(banIp, { revalidate });
export const liftBanAction = serverAction(liftBan, { revalidate });
export const resetIpCountersAction = serverAction(resetIpCounters, { revalidate });
