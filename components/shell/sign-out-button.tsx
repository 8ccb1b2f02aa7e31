"use client";

import { signOut } from "next-auth/react";

export function SignOutButton() {
  return (
    <button
      onClick={() => signOut({ callbackUrl: "/login" })}
      className="text-sm text-slate-500 hover:text-slate-900 dark:hover:text-slate-100"
    >
      Sign out
    </button>
  );
}
