"use client";

import { ActionForm, type FormAction } from "@/components/ui/action-form";
import { Field, inputClass } from "@/components/ui/field";

/** Adds an address or CIDR range to the allowlist or denylist. */
export function AddEntryForm({ action, tenantId }: { action: FormAction; tenantId: string }) {
  return (
    <ActionForm
      action={action}
      hidden={{ tenantId }}
      submit="Add"
      className="grid items-end gap-3 sm:grid-cols-[8rem_1fr_1fr_auto]"
    >
      {(state) => (
        <>
          <Field label="List" name="list" errors={state.fields?.list}>
            <select id="list" name="list" defaultValue={state.values?.list ?? "deny"} className={inputClass}>
              <option value="deny">Denylist</option>
              <option value="allow">Allowlist</option>
            </select>
          </Field>
          <Field label="Address or CIDR" name="cidr" errors={state.fields?.cidr}>
            <input
              id="cidr"
              name="cidr"
              placeholder="203.0.113.0/24 or 2001:db8::/32"
              defaultValue={state.values?.cidr}
              className={inputClass}
            />
          </Field>
          <Field label="Note" name="note" errors={state.fields?.note}>
            <input id="note" name="note" defaultValue={state.values?.note} className={inputClass} />
          </Field>
        </>
      )}
    </ActionForm>
  );
}

/** A one-button form (remove an entry, lift a ban, reset counters). */
export function RowAction({
  action,
  hidden,
  label,
}: {
  action: FormAction;
  hidden: Record<string, string>;
  label: string;
}) {
  return (
    <ActionForm
      action={action}
      hidden={hidden}
      submit={label}
      variant="secondary"
      className="flex items-center gap-2"
    />
  );
}

/** Bans an IP by hand, for a number of minutes or until lifted. */
export function BanForm({ action, tenantId }: { action: FormAction; tenantId: string }) {
  return (
    <ActionForm
      action={action}
      hidden={{ tenantId }}
      submit="Ban"
      variant="danger"
      className="grid items-end gap-3 sm:grid-cols-[1fr_1fr_8rem_auto]"
    >
      {(state) => (
        <>
          <Field label="IP address" name="ip" errors={state.fields?.ip}>
            <input id="ip" name="ip" defaultValue={state.values?.ip} className={inputClass} />
          </Field>
          <Field label="Reason" name="reason" errors={state.fields?.reason}>
            <input id="reason" name="reason" defaultValue={state.values?.reason} className={inputClass} />
          </Field>
          <Field
            label="Minutes"
            name="durationMinutes"
            errors={state.fields?.durationMinutes}
            hint="Empty: until lifted"
          >
            <input
              id="durationMinutes"
              name="durationMinutes"
              inputMode="numeric"
              defaultValue={state.values?.durationMinutes}
              className={inputClass}
            />
          </Field>
        </>
      )}
    </ActionForm>
  );
}
