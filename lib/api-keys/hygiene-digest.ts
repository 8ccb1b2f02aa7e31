import { DAY_MS, isoDay, utcDay } from "@/lib/utc-day";
import { listActiveOwners } from "@/lib/users/queries";
import { appLink } from "@/lib/email/app-link";
import { queueEmailJobs, recordEmails } from "@/lib/email/queue-email";
import { listActiveApiKeyFlags } from "./hygiene";

/** The Monday (UTC) starting the ISO week of an instant, as "YYYY-MM-DD". */
function weekStart(at: Date): string {
  const daysSinceMonday = (at.getUTCDay() + 6) % 7;
  return isoDay(new Date(utcDay(at).getTime() - daysSinceMonday * DAY_MS));
}

/**
 * The weekly digest: every active owner gets one email listing the flagged keys (never a secret),
 * or nothing when no key is flagged. Keyed per owner and ISO week, so a second run in the same
 * week (a retry, a Run-now) sends nothing new.
 */
export async function sendApiKeyDigest(now: Date): Promise<{ flagged: number; emailed: number }> {
  const flagged = (await listActiveApiKeyFlags(now)).filter((key) => key.flags.length > 0);
  if (flagged.length === 0) return { flagged: 0, emailed: 0 };
  const owners = await listActiveOwners();
  const variables = {
    count: String(flagged.length),
    list: flagged.map((key) => `- ${key.name} (stw_${key.prefix}_…): ${key.flags.join("; ")}`).join("\n"),
    link: appLink("/settings/api-keys"),
  };
  const week = weekStart(now);
  const { results, toQueue } = await recordEmails(
    owners.map((owner) => ({
      templateKey: "api_key_digest",
      to: owner.email,
      variables,
      dedupeKey: `api-key-digest:${week}:${owner.id}`,
    })),
  );
  await queueEmailJobs(toQueue);
  return { flagged: flagged.length, emailed: results.filter((r) => r.created).length };
}
