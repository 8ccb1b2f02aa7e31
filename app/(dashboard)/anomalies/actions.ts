"use server";

import { revalidatePath } from "next/cache";
import type { Action } from "@/lib/actions/define-action";
import { runAction } from "@/app/_server/run-action";
import { formValues, type FormState } from "@/app/_server/form-state";
import {
  acknowledgeAnomaly,
  closeAnomaly,
  createMetric,
  muteSeries,
  unmuteSeries,
  updateMetricRule,
  upgradeMetricDetector,
} from "@/lib/anomalies/anomaly-actions";

const FORMS: Record<string, Action<unknown>> = {
  acknowledgeAnomaly,
  closeAnomaly,
  muteSeries,
  unmuteSeries,
  updateMetricRule,
  upgradeMetricDetector,
  createMetric,
};

/**
 * Every form of the anomalies pages: the page binds which one (`submitAnomalyForm.bind(null, "closeAnomaly")`);
 * the lib action checks the role and input. On success every page under /anomalies refreshes: a
 * closed anomaly leaves the list, a mute shows on the baselines page, a rule edit on the rules page.
 */
export async function submitAnomalyForm(
  form: string,
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  if (!Object.hasOwn(FORMS, form)) return { error: "Unknown form." };
  const values = formValues(formData);
  const result = await runAction(FORMS[form], values);
  if (!result.ok) return { error: result.error, fields: result.fields, values };
  revalidatePath("/anomalies", "layout");
  return { done: true };
}
