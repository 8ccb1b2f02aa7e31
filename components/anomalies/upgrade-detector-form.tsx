"use client";

import { ActionForm, type FormAction } from "@/components/ui/action-form";

/** Moves an hourly metric from its z-score rule to the adaptive detector. */
export function UpgradeDetectorForm({ action, metricId }: { action: FormAction; metricId: string }) {
  return (
    <ActionForm
      action={action}
      hidden={{ metricId }}
      submit="Upgrade to the adaptive detector"
      variant="secondary"
    >
      {(state) => (
        <>
          <p className="text-sm text-slate-500">
            The adaptive detector finds each series&apos; daily or weekly rhythm itself, judges both sides
            with a spread calibrated on the series&apos; own deviations, learns level shifts and judges a new
            series after one day. Threshold, direction and severity bands stay; open anomalies keep the rule
            they were found by.
          </p>
          {state.done && (
            <p role="status" className="text-sm text-emerald-600">
              Upgraded; the next detection pass fits each series&apos; model.
            </p>
          )}
        </>
      )}
    </ActionForm>
  );
}
