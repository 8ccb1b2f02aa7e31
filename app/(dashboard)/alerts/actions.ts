"use server";

import { serverAction } from "@/app/_server/server-action";
import { acknowledgeAlertInApp } from "@/lib/alerts/acknowledge-alert";

export const acknowledgeAlertAction = serverAction(acknowledgeAlertInApp, { revalidate: "/alerts" });
