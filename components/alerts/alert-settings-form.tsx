"use client";

import type { FormAction } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";
import { formLevelError, useAction } from "@/components/ui/use-action";
import { ALERT_CHANNELS, ALERT_CLASSES } from "@/lib/alerts/alert-classes";
import type { AlertChannel, AlertClass } from "@/lib/generated/prisma/enums";

export type AlertSettingsView = {
  timeZone: string;
  quietStart: string;
  quietEnd: string;
  channels: Partial<Record<AlertClass, AlertChannel[]>>;
};

const CLASSES = Object.keys(ALERT_CLASSES) as AlertClass[];
const CHANNELS = Object.keys(ALERT_CHANNELS) as AlertChannel[];

/** Time zone, quiet hours, and a grid of alert classes × channels (the bell always shows them). */
export function AlertSettingsForm({
  action,
  settings,
  available,
  timeZones,
}: {
  action: FormAction;
  settings: AlertSettingsView;
  available: Record<AlertChannel, boolean>;
  timeZones: string[];
}) {
  const form = useAction(action);
  return (
    <form action={form.formAction} className="space-y-4" noValidate>
      <FormError message={formLevelError(form.state)} />
      {form.state.done && (
        <p role="status" className="text-sm text-emerald-700 dark:text-emerald-400">
          Saved.
        </p>
      )}
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Time zone" name="timeZone" errors={form.fields?.timeZone}>
          <select id="timeZone" name="timeZone" defaultValue={settings.timeZone} className={inputClass}>
            {timeZones.map((zone) => (
              <option key={zone}>{zone}</option>
            ))}
          </select>
        </Field>
        <Field
          label="Quiet from"
          name="quietStart"
          errors={form.fields?.quietStart}
          hint="HH:MM, empty for none"
        >
          <input
            id="quietStart"
            name="quietStart"
            defaultValue={settings.quietStart}
            placeholder="22:00"
            className={inputClass}
          />
        </Field>
        <Field label="Quiet until" name="quietEnd" errors={form.fields?.quietEnd}>
          <input
            id="quietEnd"
            name="quietEnd"
            defaultValue={settings.quietEnd}
            placeholder="07:00"
            className={inputClass}
          />
        </Field>
      </div>
      <p className="text-xs text-slate-500">
        In quiet hours non-urgent alerts wait for a morning digest email; urgent ones (marked *) still come
        through.
      </p>
      <table className="w-full text-sm">
        <caption className="sr-only">Channels per alert</caption>
        <thead className="text-left text-xs uppercase text-slate-500">
          <tr>
            <th scope="col" className="py-1 pr-2">
              Alert
            </th>
            {CHANNELS.map((channel) => (
              <th key={channel} scope="col" className="px-2 py-1 text-center">
                {ALERT_CHANNELS[channel].label}
                {!available[channel] && <span className="block normal-case text-slate-400">not set up</span>}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {CLASSES.map((alertClass) => (
            <tr key={alertClass} className="border-t border-slate-100 dark:border-slate-800">
              <th scope="row" className="py-1.5 pr-2 text-left font-normal">
                {ALERT_CLASSES[alertClass].label}
                {ALERT_CLASSES[alertClass].urgent && " *"}
              </th>
              {CHANNELS.map((channel) => (
                <td key={channel} className="px-2 py-1.5 text-center">
                  <input
                    type="checkbox"
                    name={`channels:${alertClass}`}
                    value={channel}
                    defaultChecked={settings.channels[alertClass]?.includes(channel) ?? false}
                    aria-label={`${ALERT_CLASSES[alertClass].label} by ${ALERT_CHANNELS[channel].label}`}
                    className="h-4 w-4"
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <Button type="submit" disabled={form.pending}>
        Save alert settings
      </Button>
    </form>
  );
}
