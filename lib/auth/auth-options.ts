import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { clientIp } from "./client-ip";
import { signInWithPassword } from "./sign-in";
import { closeSession, openSession, SESSION_MAX_AGE_SECONDS } from "./staff-sessions";

const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(254),
  password: z.string().min(1).max(200),
  code: z.string().trim().max(40).optional(),
});

/**
 * The cookie is an encrypted JWT naming a staff_sessions row; every request checks that row and the
 * user, so signing out, "sign out everywhere" and disabling take effect at once.
 */
export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
        code: { label: "Code", type: "text" },
      },
      async authorize(credentials, req) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) throw new Error("Enter your email and password.");
        try {
          const ip = clientIp((name) => headerValue(req?.headers, name));
          const user = await signInWithPassword({ ...parsed.data, ip });
          const userAgent = headerValue(req?.headers, "user-agent") ?? "";
          const sessionId = await openSession({ userId: user.id, ip, userAgent });
          return { id: user.id, email: user.email, name: user.name, role: user.role, sessionId };
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
      if (user) Object.assign(token, { role: user.role, sid: user.sessionId });
      return token;
    },
    session({ session, token }) {
      if (session.user) {
        session.user.id = token.sub!;
        session.user.role = token.role!;
        session.user.sessionId = token.sid ?? "";
      }
      return session;
    },
  },
  events: {
    async signOut({ token }) {
      if (token?.sid) await closeSession(token.sid);
    },
  },
};

function headerValue(headers: Record<string, unknown> | undefined, name: string): string | null {
  const value = headers?.[name];
  return typeof value === "string" ? value : Array.isArray(value) ? String(value[0]) : null;
}
