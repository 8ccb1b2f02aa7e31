import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface User {
    role: "OWNER" | "REVIEWER" | "VIEWER";
    sessionId: string;
  }

  interface Session {
    user: { id: string; role: "OWNER" | "REVIEWER" | "VIEWER"; sessionId: string } & DefaultSession["user"];
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: "OWNER" | "REVIEWER" | "VIEWER";
    /** The staff_sessions row this cookie belongs to. */
    sid?: string;
  }
}
