import { db } from "@/lib/db";
import { pick, seededRandom } from "./random";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const OFFENDERS = ["203.0.113.14", "203.0.113.77", "198.51.100.23", "2001:db8::dead:beef", "192.0.2.150"];

/**
 * Rate-limit history for the first 30 demo tenants: a week of hourly traffic with a daily rhythm,
 * the last hour per minute (one tenant spiking), denials from a few offending IPs, and one
 * tenant's allow/deny lists. (No bans: those are enforced from Redis, which a seed does not fill.) Idempotent: rows are keyed by tenant and time and duplicates are skipped.
 */
export async function seedRateLimitHistory(now: Date): Promise<void> {
  const random = seededRandom(4);
  const tenants = await db.tenant.findMany({ orderBy: { slug: "asc" }, take: 30, select: { id: true } });
  if (tenants.length === 0) return;
  const thisHour = Math.floor(now.getTime() / HOUR) * HOUR;
  const thisMinute = Math.floor(now.getTime() / MINUTE) * MINUTE;
  const hours = [];
  const minutes = [];
  const violations = [];
  for (const [index, { id }] of tenants.entries()) {
    const scale = 200 + Math.floor(random() * 2_000);
    const spiking = index === 0;
    for (let h = 1; h <= 7 * 24; h++) {
      const at = thisHour - h * HOUR;
      const daily = 0.6 + 0.4 * Math.sin(((new Date(at).getUTCHours() - 6) / 24) * 2 * Math.PI);
      const allowed = Math.round(scale * daily * (0.9 + random() * 0.2));
      hours.push({
        tenantId: id,
        hour: new Date(at),
        allowed,
        denied: Math.round(allowed * random() * 0.02),
        shadowDenied: 0,
      });
    }
    for (let m = 0; m < 60; m++) {
      const allowed = Math.round(((spiking ? 6 : 1) * scale * (0.9 + random() * 0.2)) / 60);
      const denied = random() < 0.2 ? Math.ceil(random() * 8) : 0;
      minutes.push({
        tenantId: id,
        minute: new Date(thisMinute - m * MINUTE),
        allowed,
        denied,
        shadowDenied: 0,
      });
      if (denied)
        violations.push({
          tenantId: id,
          ip: pick(random, OFFENDERS),
          minute: new Date(thisMinute - m * MINUTE),
          reason: pick(random, ["limit", "limit", "banned", "denylist"] as const),
          shadow: false,
          count: denied,
        });
    }
  }
  await db.rateLimitHour.createMany({ data: hours, skipDuplicates: true });
  await db.rateLimitMinute.createMany({ data: minutes, skipDuplicates: true });
  await db.rateLimitViolation.createMany({ data: violations, skipDuplicates: true });
  await db.ipListEntry.createMany({
    data: [
      { tenantId: tenants[1].id, list: "deny", cidr: "203.0.113.0/24", note: "scraper farm" },
      { tenantId: tenants[1].id, list: "allow", cidr: "10.0.0.0/8", note: "office VPN" },
    ],
    skipDuplicates: true,
  });
}
