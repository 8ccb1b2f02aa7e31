"use server";

import { serverAction } from "@/app/_server/server-action";
import { movePlanTenants } from "@/lib/plans/move-plan-tenants";
import { planInputFromForm } from "@/lib/plans/plan-form";
import { updatePlan } from "@/lib/plans/update-plan";

// The catalog and each plan's page (its versions and the move preview).
const revalidate = "/settings/plans";

export const updatePlanAction = serverAction(updatePlan, { fromForm: planInputFromForm, revalidate });
export const movePlanTenantsAction = serverAction(movePlanTenants, { revalidate });
