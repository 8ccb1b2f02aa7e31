import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { env } from "@/lib/env";

export type { Prisma } from "@/lib/generated/prisma/client";

function createClient() {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString: env().DATABASE_URL }),
    // Password hashes and TOTP secrets leave the database only where a use case asks for them.
    omit: { user: { passwordHash: true, totpSecretEncrypted: true } },
  });
}

type Client = ReturnType<typeof createClient>;

// One client per process; Next's dev server re-evaluates modules, so keep it on globalThis.
const holder = globalThis as unknown as { stewardPrisma?: Client };

/** The shared Prisma client of the app, the worker and the scripts (created on first use). */
export const db: Client = new Proxy({} as Client, {
  get(_target, property) {
    holder.stewardPrisma ??= createClient();
    const value = Reflect.get(holder.stewardPrisma, property);
    return typeof value === "function" ? value.bind(holder.stewardPrisma) : value;
  },
});

/** A transaction client, for use cases that write a change and its audit entry together. */
export type Tx = Parameters<Parameters<Client["$transaction"]>[0]>[0];
