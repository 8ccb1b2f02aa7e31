import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { clientIp } from "./client-ip";
import { signInWithPassword } from "./sign-in";

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
});

/** Sessions are signed JWTs; every request still re-reads the user, so disabling takes effect at once. */
export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 12 * 3600 },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) throw new Error("Enter your email and password.");
        try {
          const user = await signInWithPassword({
            ...parsed.data,
            ip: clientIp((name) => headerValue(req?.headers, name)),
          });
          return { id: user.id, email: user.email, name: user.name, role: user.role };
        } catch (error) {
          if (isAppError(error)) throw new Error(error.message, { cause: error });
          logger.error({ err: (error as Error).message }, "sign-in failed unexpectedly");
          throw new Error("Sign-in is unavailable right now. Try again shortly.", { cause: error });
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) token.role = user.role;
      return token;
    },
    session({ session, token }) {
      if (session.user) {
        session.user.id = token.sub!;
        session.user.role = token.role!;
      }
      return session;
    },
  },
};

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | null {
  const value = headers?.[name];
  return typeof value === "string" ? value : Array.isArray(value) ? String(value[0]) : null;
}
