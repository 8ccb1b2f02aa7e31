import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import type { Actor } from "@/lib/auth/actor";
import type { Role } from "@/lib/generated/prisma/enums";
import { createTenant } from "@/lib/tenants/create-tenant";

let counter = 0;
const unique = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

/** A user in the database and the Actor a signed-in session would give them. */
export async function makeUser(
  role: Role,
  overrides: { email?: string; password?: string; disabled?: boolean } = {},
) {
  const email = overrides.email ?? `${role.toLowerCase()}-${unique()}@example.test`;
  const user = await db.user.create({
    data: {
      email,
      name: `${role} ${email}`,
      role,
      disabled: overrides.disabled ?? false,
      passwordHash: await hashPassword(overrides.password ?? "correct horse battery"),
    },
  });
  const actor: Actor = {
    kind: "user",
    id: user.id,
    label: user.email,
    role: user.role,
    ip: "203.0.113.7",
    requestId: `req-${unique()}`,
  };
  return { user, actor };
}

export async function makeTenant(
  actor: Actor,
  overrides: Partial<{
    name: string;
    slug: string;
    plan: string;
    contactEmail: string;
    timezone: string;
  }> = {},
) {
  const slug = overrides.slug ?? `tenant-${unique()}`;
  const input = {
    name: `Tenant ${slug}`,
    slug,
    plan: "pro",
    contactEmail: `ops@${slug}.example`,
    timezone: "Europe/Berlin",
    ...overrides,
  };
  const { id } = await createTenant.execute(actor, input);
  return { id, ...input };
}

/** The z-score rule the anomaly tests start from: hourly sums, both ways at 3σ, a 7-day window. */
export const ZSCORE_RULE = {
  bucket: "hour",
  aggregation: "sum",
  detector: "zscore",
  direction: "both",
  zThreshold: 3,
  mediumZ: 4,
  highZ: 5,
  criticalZ: 7,
  baselineDays: 7,
  minHistoryDays: 2,
  seasonality: "none",
  robust: false,
  enabled: true,
};

/** A reported hourly metric watched both ways by a z-score rule, as the anomaly tests define it. */
export const SIGNUPS_METRIC = { key: "signups", name: "Sign-ups", unit: "sign-ups", ...ZSCORE_RULE };
