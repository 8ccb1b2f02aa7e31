"use server";

import { serverAction } from "@/app/_server/server-action";
import {
  acknowledgeAnomaly,
  closeAnomaly,
  createMetric,
  muteSeries,
  unmuteSeries,
  updateMetricRule,
  upgradeMetricDetector,
} from "@/lib/anomalies/anomaly-actions";

// On success every page under /anomalies refreshes: a closed anomaly leaves the list, a mute shows
// on the baselines page, a rule edit on the rules page.
const revalidate = "/anomalies";

export const acknowledgeAnomalyAction = serverAction(acknowledgeAnomaly, { revalidate });
export const closeAnomalyAction = serverAction(closeAnomaly, { revalidate });
export const muteSeriesAction = serverAction(muteSeries, { revalidate });
export const unmuteSeriesAction = serverAction(unmuteSeries, { revalidate });
export const updateMetricRuleAction = serverAction(updateMetricRule, { revalidate });
export const createMetricAction = serverAction(createMetric, { revalidate });
export const upgradeMetricDetectorAction = serverAction(upgradeMetricDetector, { revalidate });
