import type { DefaultSession } from "next-auth";

declare module "next-auth" {
  interface User {
    role: "OWNER" | "REVIEWER";
  }

  interface Session {
    user: { id: string; role: "OWNER" | "REVIEWER" } & DefaultSession["user"];
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    role?: "OWNER" | "REVIEWER";
  }
}
