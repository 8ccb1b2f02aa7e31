"use client";

import { signIn } from "next-auth/react";
import { useRouter, useSearchParams } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field, FormError, inputClass } from "@/components/ui/field";
import { sameSitePath } from "@/lib/auth/same-site-path";
import { TWO_FACTOR_PROMPT } from "@/lib/auth/two-factor-prompt";

export function LoginForm() {
  const router = useRouter();
  const params = useSearchParams();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const [askCode, setAskCode] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", {
      email: form.get("email"),
      password: form.get("password"),
      code: form.get("code") ?? "",
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      if (result?.error === TWO_FACTOR_PROMPT) setAskCode(true);
      setError(
        result?.error && result.error !== "CredentialsSignin"
          ? result.error
          : "Email or password is incorrect.",
      );
      return;
    }
    router.replace(sameSitePath(params.get("callbackUrl"), window.location.origin));
    router.refresh();
  }

  return (
    // method="post": submitted before the script has loaded, the password must not end up in a URL.
    <form method="post" action="/login" onSubmit={onSubmit} className="space-y-4" noValidate>
      <FormError message={error} />
      <Field label="Email" name="email">
        <input id="email" name="email" type="email" autoComplete="username" required className={inputClass} />
      </Field>
      <Field label="Password" name="password">
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          className={inputClass}
        />
      </Field>
      {askCode && (
        <Field label="Code" name="code">
          <input
            id="code"
            name="code"
            autoComplete="one-time-code"
            inputMode="text"
            autoFocus
            required
            className={inputClass}
          />
        </Field>
      )}
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? "Signing in…" : "Sign in"}
      </Button>
    </form>
  );
}
