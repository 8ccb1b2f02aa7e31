import { randomBytes, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export type CaughtProvider = "sms" | "pagerduty" | "slack" | "teams" | "discord";

/** One message a provider would have sent: an SMS, a PagerDuty event, a chat post. */
export type CaughtMessage = {
  id: string;
  receivedAt: string;
  provider: CaughtProvider;
  /** The phone number, the PagerDuty dedup key, or the chat room. */
  to: string;
  text: string;
  /** PagerDuty's event_action; "message" otherwise. */
  action: string;
};

export type RunningProviderCatcher = {
  url: string;
  accountSid: string;
  authToken: string;
  routingKey: string;
  messages: CaughtMessage[];
  /** The next `times` requests to `provider` are answered with `status` (a 429, a 500, a 400…). */
  failNext(provider: CaughtProvider, status: number, times?: number): void;
  /** Every request received, failed ones included, per provider. */
  requests: Record<CaughtProvider, number>;
  stop(): Promise<void>;
};

type Answer = { status: number; body: unknown };

const E164 = /^\+[1-9]\d{6,14}$/;

/** Twilio's error body: its numeric code, a message, the docs link, the HTTP status. */
const twilioError = (status: number, code: number, message: string): Answer => ({
  status,
  body: { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
});

/**
 * A local HTTP server that speaks the providers' APIs closely enough for the real clients: Twilio's
 * Messages API (form-encoded POST, basic auth, its error JSON), PagerDuty's Events API v2, and
 * Slack, Teams and Discord incoming webhooks (/chat/<service>). It keeps what it accepts (in memory,
 * and as JSON files in `dir` for Settings > Outbox) and can be told to fail, for tests.
 */
export async function startProviderCatcher(options: {
  port: number;
  dir?: string;
}): Promise<RunningProviderCatcher> {
  if (options.dir) mkdirSync(options.dir, { recursive: true });
  const accountSid = `AC${randomBytes(16).toString("hex")}`;
  const authToken = randomBytes(16).toString("hex");
  const routingKey = randomBytes(16).toString("hex");
  const messages: CaughtMessage[] = [];
  const requests: Record<CaughtProvider, number> = { sms: 0, pagerduty: 0, slack: 0, teams: 0, discord: 0 };
  const failures: { provider: CaughtProvider; status: number; times: number }[] = [];

  function keep(message: Omit<CaughtMessage, "id" | "receivedAt">) {
    const caught = { id: `${Date.now()}-${randomUUID()}`, receivedAt: new Date().toISOString(), ...message };
    messages.push(caught);
    if (options.dir) writeFileSync(join(options.dir, `${caught.id}.json`), JSON.stringify(caught));
  }

  function injected(provider: CaughtProvider): Answer | null {
    const failure = failures.find((f) => f.provider === provider && f.times > 0);
    if (!failure) return null;
    failure.times--;
    if (provider === "sms")
      return failure.status === 429
        ? twilioError(429, 20429, "Too Many Requests")
        : twilioError(failure.status, failure.status >= 500 ? 20500 : 21610, "Injected failure");
    return { status: failure.status, body: { status: "error", message: `injected ${failure.status}` } };
  }

  function sms(sid: string, authorization: string | undefined, raw: string): Answer {
    const expected = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`;
    if (authorization !== expected || sid !== accountSid) return twilioError(401, 20003, "Authenticate");
    const form = new URLSearchParams(raw);
    const [to, from, body] = [form.get("To") ?? "", form.get("From") ?? "", form.get("Body") ?? ""];
    if (!E164.test(to)) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (!E164.test(from))
      return twilioError(400, 21212, `The 'From' number ${from} is not a valid phone number.`);
    if (!body) return twilioError(400, 21602, "Message body is required.");
    keep({ provider: "sms", to, text: body, action: "message" });
    const messageSid = `SM${randomBytes(16).toString("hex")}`;
    return {
      status: 201,
      body: {
        sid: messageSid,
        account_sid: accountSid,
        to,
        from,
        body,
        status: "queued",
        num_segments: "1",
        direction: "outbound-api",
        api_version: "2010-04-01",
        date_created: new Date().toUTCString(),
        uri: `/2010-04-01/Accounts/${accountSid}/Messages/${messageSid}.json`,
      },
    };
  }

  function pagerDuty(raw: string): Answer {
    const invalid = (error: string): Answer => ({
      status: 400,
      body: { status: "invalid event", message: "Event object is invalid", errors: [error] },
    });
    let event: Record<string, unknown>;
    try {
      event = JSON.parse(raw);
    } catch {
      return invalid("Malformed JSON");
    }
    if (event.routing_key !== routingKey) return invalid("'routing_key' is invalid");
    const action = String(event.event_action ?? "");
    if (!["trigger", "acknowledge", "resolve"].includes(action)) return invalid("'event_action' is invalid");
    const payload = event.payload as { summary?: string; source?: string; severity?: string } | undefined;
    if (action === "trigger" && (!payload?.summary || !payload.source || !payload.severity))
      return invalid("'payload' needs summary, source and severity");
    const dedupKey = typeof event.dedup_key === "string" ? event.dedup_key : randomUUID().replaceAll("-", "");
    if (action !== "trigger" && typeof event.dedup_key !== "string") return invalid("'dedup_key' is missing");
    keep({ provider: "pagerduty", to: dedupKey, text: payload?.summary ?? "", action });
    return { status: 202, body: { status: "success", message: "Event processed", dedup_key: dedupKey } };
  }

  function chat(service: CaughtProvider, raw: string): Answer {
    const body = JSON.parse(raw) as { text?: string; content?: string; title?: string };
    keep({
      provider: service,
      to: service,
      text: body.text ?? body.content ?? body.title ?? "",
      action: "message",
    });
    return service === "discord" ? { status: 204, body: null } : { status: 200, body: "ok" };
  }

  const server = createServer((request, response) => {
    let raw = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (raw += chunk));
    request.on("end", () => {
      const path = request.url ?? "";
      const smsPath = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(path);
      const chatPath = /^\/chat\/(slack|teams|discord)$/.exec(path);
      const provider: CaughtProvider | null = smsPath
        ? "sms"
        : path === "/v2/enqueue"
          ? "pagerduty"
          : chatPath
            ? (chatPath[1] as CaughtProvider)
            : null;
      let answer: Answer;
      if (request.method !== "POST" || !provider) answer = { status: 404, body: { message: "Not found" } };
      else {
        requests[provider]++;
        try {
          answer =
            injected(provider) ??
            (smsPath
              ? sms(smsPath[1], request.headers.authorization, raw)
              : provider === "pagerduty"
                ? pagerDuty(raw)
                : chat(provider, raw));
        } catch {
          answer = { status: 400, body: { message: "Bad request" } };
        }
      }
      if (answer.status === 429) response.setHeader("retry-after", "1");
      if (answer.body === null) response.writeHead(answer.status).end();
      else if (typeof answer.body === "string")
        response.writeHead(answer.status, { "content-type": "text/plain" }).end(answer.body);
      else
        response
          .writeHead(answer.status, { "content-type": "application/json" })
          .end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  const url = `http://127.0.0.1:${options.port}`;
  return {
    url,
    accountSid,
    authToken,
    routingKey,
    messages,
    requests,
    failNext: (provider, status, times = 1) => failures.push({ provider, status, times }),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The environment that points Steward's SMS, PagerDuty and chat channels at a catcher. */
export function providerCatcherEnv(catcher: RunningProviderCatcher): Record<string, string> {
  return {
    TWILIO_ACCOUNT_SID: catcher.accountSid,
    TWILIO_AUTH_TOKEN: catcher.authToken,
    TWILIO_FROM_NUMBER: "+15005550006",
    TWILIO_API_URL: catcher.url,
    PAGERDUTY_ROUTING_KEY: catcher.routingKey,
    PAGERDUTY_EVENTS_URL: `${catcher.url}/v2/enqueue`,
    SLACK_WEBHOOK_URL: `${catcher.url}/chat/slack`,
    TEAMS_WEBHOOK_URL: `${catcher.url}/chat/teams`,
    DISCORD_WEBHOOK_URL: `${catcher.url}/chat/discord`,
  };
}
