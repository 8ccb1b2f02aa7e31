"use client";

import { useState } from "react";
import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { Field, inputClass } from "@/components/ui/field";

/** Sets one override: a limit's own value or a feature switched on or off, optionally until a date. */
export function OverrideForm({ tenantId, action }: { tenantId: string; action: FormAction }) {
  const [kind, setKind] = useState<"limit" | "feature">("limit");
  return (
    <ActionForm action={action} hidden={{ tenantId }} submit="Set override" variant="secondary">
      {({ fields = {}, values }) => (
        <div className="grid gap-3 sm:grid-cols-2">
          <Field label="Kind" name="kind" errors={fields.kind}>
            <select
              id="kind"
              name="kind"
              className={inputClass}
              value={kind}
              onChange={(e) => setKind(e.target.value as "limit" | "feature")}
            >
              <option value="limit">Limit</option>
              <option value="feature">Feature</option>
            </select>
          </Field>
          <Field label="Key" name="key" hint="e.g. seats, requests_per_day, sso" errors={fields.key}>
            <input id="key" name="key" className={inputClass} defaultValue={values?.key} />
          </Field>
          {kind === "limit" ? (
            <Field label="Limit" name="limit" errors={fields.limit}>
              <input
                id="limit"
                name="limit"
                inputMode="numeric"
                className={inputClass}
                defaultValue={values?.limit}
              />
            </Field>
          ) : (
            <Field label="Feature" name="enabled" errors={fields.enabled}>
              <select
                id="enabled"
                name="enabled"
                className={inputClass}
                defaultValue={values?.enabled ?? "true"}
              >
                <option value="true">Granted</option>
                <option value="false">Withdrawn</option>
              </select>
            </Field>
          )}
          <Field
            label="Ends on (optional)"
            name="endsAt"
            hint="From that day (UTC) the plan applies again"
            errors={fields.endsAt}
          >
            <input
              id="endsAt"
              name="endsAt"
              type="date"
              className={inputClass}
              defaultValue={values?.endsAt}
            />
          </Field>
          <div className="sm:col-span-2">
            <Field label="Reason" name="reason" errors={fields.reason}>
              <input id="reason" name="reason" className={inputClass} defaultValue={values?.reason} />
            </Field>
          </div>
        </div>
      )}
    </ActionForm>
  );
}
