import type { AlertChannel } from "@/lib/generated/prisma/enums";
import { alertProviders } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { postJson } from "./provider-error";

export type ChatChannel = Extract<AlertChannel, "slack" | "teams" | "discord">;

type ChatMessage = { title: string; body: string; link: string | null };

/** Each service's incoming-webhook body: Slack mrkdwn, a Teams MessageCard, Discord content. */
const FORMATS: Record<
  ChatChannel,
  { provider: string; url: () => string | undefined; body: (m: ChatMessage) => unknown }
> = {
  slack: {
    provider: "Slack",
    url: () => alertProviders().SLACK_WEBHOOK_URL,
    body: (m) => ({ text: `*${m.title}*\n${m.body}${m.link ? ` <${m.link}|Open in Steward>` : ""}` }),
  },
  teams: {
    provider: "Teams",
    url: () => alertProviders().TEAMS_WEBHOOK_URL,
    body: (m) => ({
      "@type": "MessageCard",
      "@context": "https://schema.org/extensions",
      summary: m.title,
      title: m.title,
      text: m.body,
      ...(m.link
        ? {
            potentialAction: [
              { "@type": "OpenUri", name: "Open in Steward", targets: [{ os: "default", uri: m.link }] },
            ],
          }
        : {}),
    }),
  },
  discord: {
    provider: "Discord",
    url: () => alertProviders().DISCORD_WEBHOOK_URL,
    body: (m) => ({
      content: `**${m.title}**\n${m.body}${m.link ? `\n${m.link}` : ""}`.slice(0, 2000),
      allowed_mentions: { parse: [] },
    }),
  },
};

export const chatConfigured = (channel: ChatChannel) => Boolean(FORMATS[channel].url());

/** Posts an alert to a chat room's incoming webhook; throws a ProviderError on a non-2xx answer. */
export async function postToChat(channel: ChatChannel, message: ChatMessage): Promise<void> {
  const format = FORMATS[channel];
  const url = format.url();
  if (!url) throw new AppError("UNAVAILABLE", `${format.provider} is not set up.`);
  await postJson(format.provider, url, format.body(message));
}
