"use client";

import type { FormAction } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";
import { formLevelError, useAction } from "@/components/ui/use-action";

/** A phone number for SMS alerts: enter it, receive a code by SMS, type the code back. */
export function PhoneVerification({
  start,
  confirm,
  phoneEnding,
  verified,
  codePending,
}: {
  start: FormAction;
  confirm: FormAction;
  phoneEnding: string | null;
  verified: boolean;
  codePending: boolean;
}) {
  const sending = useAction(start);
  const confirming = useAction(confirm);
  const awaitingCode = (codePending || sending.state.done) && !confirming.state.done;
  return (
    <div className="space-y-4">
      <p className="text-sm" data-testid="phone-status">
        {confirming.state.done || (verified && !sending.state.done)
          ? `Verified phone ending in ${phoneEnding ?? "…"}: SMS alerts go there.`
          : "No verified phone: SMS alerts are not sent to you."}
      </p>
      <form action={sending.formAction} className="flex flex-wrap items-end gap-3" noValidate>
        <div className="min-w-64 flex-1">
          <FormError message={formLevelError(sending.state)} />
          <Field
            label="Phone number"
            name="phone"
            errors={sending.fields?.phone}
            hint="International form, e.g. +14155550123"
          >
            <input id="phone" name="phone" type="tel" autoComplete="tel" className={inputClass} />
          </Field>
        </div>
        <Button type="submit" variant="secondary" disabled={sending.pending}>
          Send code
        </Button>
      </form>
      {awaitingCode && (
        <form action={confirming.formAction} className="flex flex-wrap items-end gap-3" noValidate>
          <div className="min-w-64 flex-1">
            <FormError message={formLevelError(confirming.state)} />
            <Field label="Code from the SMS" name="smsCode" errors={confirming.fields?.smsCode}>
              <input
                id="smsCode"
                name="smsCode"
                inputMode="numeric"
                autoComplete="one-time-code"
                className={inputClass}
              />
            </Field>
          </div>
          <Button type="submit" disabled={confirming.pending}>
            Verify phone
          </Button>
        </form>
      )}
    </div>
  );
}
