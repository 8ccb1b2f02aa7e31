"use client";

import type { FormAction } from "@/components/ui/action-form";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";
import { formLevelError, useAction } from "@/components/ui/use-action";
import { CopyButton } from "@/components/ui/copy-button";

/**
 * Turning two-factor sign-in on: a QR code (and the secret, to type in) for the authenticator app,
 * then a code from it to confirm, then the recovery codes, shown this once.
 */
export function TwoFactorSetup({
  start,
  confirm,
}: {
  start: FormAction<{ secret: string; qrCode: string }>;
  confirm: FormAction<{ recoveryCodes: string[] }>;
}) {
  const started = useAction(start);
  const confirmed = useAction(confirm);

  if (confirmed.data)
    return (
      <div className="space-y-3" data-testid="recovery-codes">
        <p className="text-sm">
          Two-factor sign-in is on. Keep these recovery codes somewhere safe: each signs you in once without
          your phone, and they are not shown again.
        </p>
        <ul className="grid grid-cols-2 gap-1 font-mono text-sm">
          {confirmed.data.recoveryCodes.map((code) => (
            <li key={code}>{code}</li>
          ))}
        </ul>
        <CopyButton text={confirmed.data.recoveryCodes.join("\n")} label="Copy recovery codes" />
      </div>
    );

  if (!started.data)
    return (
      <form action={started.formAction} className="space-y-3">
        <FormError message={started.error} />
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Sign in with a code from an authenticator app as well as your password.
        </p>
        <Button type="submit" disabled={started.pending}>
          Set up two-factor sign-in
        </Button>
      </form>
    );

  return (
    <form action={confirmed.formAction} className="space-y-3" noValidate>
      <FormError message={formLevelError(confirmed.state)} />
      <p className="text-sm">Scan this with your authenticator app, or type the key in:</p>
      <img src={started.data.qrCode} alt="QR code for your authenticator app" width={192} height={192} />
      <div className="flex items-center gap-2">
        <p className="font-mono text-sm" data-testid="totp-secret">
          {started.data.secret}
        </p>
        <CopyButton text={started.data.secret} label="Copy key" />
      </div>
      <Field label="Code from the app" name="code" errors={confirmed.fields?.code}>
        <input
          id="code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          className={inputClass}
        />
      </Field>
      <Button type="submit" disabled={confirmed.pending}>
        Turn on
      </Button>
    </form>
  );
}
