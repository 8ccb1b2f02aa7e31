import { db } from "@/lib/db";
import { hashPassword } from "@/lib/auth/password";
import { emailDigest, encryptPii } from "@/lib/crypto/pii";
import type { Plan, Role, TenantStatus } from "@/lib/generated/prisma/enums";
import { seedSubscriptionHistory } from "./seed-subscriptions";
import { pick, pickWeighted, seededRandom } from "./random";
import { seedAnomalyHistory } from "./seed-anomalies";
import { seedBillingHistory } from "./seed-billing";
import { seedRateLimitHistory } from "./seed-rate-limits";
import { seedReviewHistory } from "./seed-reviews";
import { seedDocumentHistory } from "./seed-documents";
import { seedUsageHistory } from "./seed-usage";

export const DEMO_USERS: {
  email: string;
  name: string;
  role: Role;
  passwordEnv: string;
  defaultPassword: string;
}[] = [
  {
    email: "owner@steward.local",
    name: "Olivia Owner",
    role: "OWNER",
    passwordEnv: "DEMO_OWNER_PASSWORD",
    defaultPassword: "steward-owner-demo",
  },
  {
    email: "reviewer@steward.local",
    name: "Ravi Reviewer",
    role: "REVIEWER",
    passwordEnv: "DEMO_REVIEWER_PASSWORD",
    defaultPassword: "steward-reviewer-demo",
  },
];

export function demoPassword(user: (typeof DEMO_USERS)[number]): string {
  return process.env[user.passwordEnv] || user.defaultPassword;
}

export const FIRST = [
  "Acme",
  "Blue",
  "Cedar",
  "Delta",
  "Ember",
  "Fjord",
  "Granite",
  "Harbor",
  "Iris",
  "Juniper",
  "Kestrel",
  "Lumen",
  "Maple",
  "Nimbus",
  "Onyx",
  "Pine",
  "Quartz",
  "Raven",
  "Summit",
  "Tidal",
  "Umber",
  "Vertex",
  "Willow",
  "Zephyr",
];
export const SECOND = [
  "Analytics",
  "Bakery",
  "Clinic",
  "Dental",
  "Logistics",
  "Labs",
  "Media",
  "Outfitters",
  "Partners",
  "Robotics",
  "Studio",
  "Systems",
  "Travel",
  "Ventures",
  "Works",
];
export const TIMEZONES = [
  "UTC",
  "Europe/Berlin",
  "Europe/London",
  "America/New_York",
  "America/Los_Angeles",
  "Asia/Tokyo",
  "Australia/Sydney",
];
export const STATUS_WEIGHTS: Record<TenantStatus, number> = {
  trialing: 20,
  active: 55,
  past_due: 8,
  suspended: 10,
  cancelled: 7,
};
export const PLAN_WEIGHTS: Record<Plan, number> = { free: 15, starter: 40, pro: 35, enterprise: 10 };

const DAY = 86_400_000;

/**
 * Demo tenants spread over the last six months, generated from a fixed seed.
 * Idempotent: slugs are unique and existing rows are skipped, so re-running changes nothing.
 */
export async function seedDemo(
  options: { tenants?: number; now?: Date } = {},
): Promise<{ usersCreated: number; tenantsCreated: number }> {
  const count = options.tenants ?? 300;
  const now = options.now ?? new Date();
  let usersCreated = 0;
  for (const user of DEMO_USERS) {
    if (await db.user.findUnique({ where: { email: user.email }, select: { id: true } })) continue;
    await db.user.create({
      data: {
        email: user.email,
        name: user.name,
        role: user.role,
        passwordHash: await hashPassword(demoPassword(user)),
      },
    });
    usersCreated++;
  }

  const random = seededRandom(20261123);
  const tenants = Array.from({ length: count }, (_, i) => {
    const name = `${pick(random, FIRST)} ${pick(random, SECOND)} ${i + 1}`;
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    // Growth: later weeks get more sign-ups (the square root skews sign-up dates toward today).
    const daysAgo = 181 - Math.floor(Math.sqrt(random()) * 182);
    const email = `billing@${slug}.example`;
    return {
      name,
      slug,
      plan: pickWeighted(random, PLAN_WEIGHTS),
      status: daysAgo < 14 ? ("trialing" as const) : pickWeighted(random, STATUS_WEIGHTS),
      timezone: pick(random, TIMEZONES),
      contactEmailEncrypted: encryptPii(email),
      contactEmailDigest: emailDigest(email),
      createdAt: new Date(now.getTime() - daysAgo * DAY - Math.floor(random() * DAY)),
    };
  });
  const { count: tenantsCreated } = await db.tenant.createMany({ data: tenants, skipDuplicates: true });
  await seedRateLimitHistory(now);
  await seedBillingHistory(now);
  // Last: detection also scores the metrics Steward derives from the rate-limit and billing history.
  await seedAnomalyHistory(now);
  // After billing: it routes the dunning items billing raised, so the worker never executes a demo decision.
  await seedReviewHistory(now);
  // Its review items (required documents expired) wait for the worker's rules, which never auto-suspend.
  await seedDocumentHistory(now);
  // After everything that counts as activity (traffic, payments, reported metrics).
  await seedUsageHistory(now);
  // Last: it replaces the history the other seeds' status changes recorded with a twelve-month story.
  await seedSubscriptionHistory(now);
  return { usersCreated, tenantsCreated };
}
