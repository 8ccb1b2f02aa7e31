import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { authOptions } from "@/lib/auth/auth-options";
import { parseTrustedProxies } from "@/lib/auth/trusted-proxies";
import { countAttempt, THROTTLE_POLICY, throttleKeys } from "@/lib/auth/login-throttle";
import { createWebServer } from "@/lib/security/web-server";

type Authorize = (credentials: unknown, request: { headers: unknown }) => Promise<unknown>;
// The credentials check next-auth runs for POST /api/auth/callback/credentials, with the request's headers.
const authorize = (authOptions.providers[0] as unknown as { options: { authorize: Authorize } }).options
  .authorize;

let server: Server | undefined;
afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())));

/** Steward's web server in front of the sign-in check; answers 401 with the refusal's message. */
async function signInServer(trustedProxies: string): Promise<string> {
  server = createWebServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    try {
      await authorize(JSON.parse(Buffer.concat(chunks).toString()), { headers: request.headers });
      response.writeHead(200).end("signed in");
    } catch (error) {
      response.writeHead(401).end((error as Error).message);
    }
  }, parseTrustedProxies(trustedProxies));
  await new Promise<void>((ready) => server!.listen(0, "127.0.0.1", ready));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

/** One wrong password per new email (so only the per-address limit counts), each from a "new" address. */
async function failedSignIns(url: string, count: number, firstAddress: number): Promise<string[]> {
  const answers: string[] = [];
  for (let n = firstAddress; n < firstAddress + count; n++) {
    const response = await fetch(url, {
      method: "POST",
      headers: { "x-forwarded-for": `198.51.${Math.floor(n / 250)}.${n % 250}` },
      body: JSON.stringify({ email: `nobody-${n}@example.test`, password: "wrong password" }),
    });
    answers.push(await response.text());
  }
  return answers;
}

describe("the client address behind TRUSTED_PROXIES", () => {
  it("ignores a rotating X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    const url = await signInServer("");
    expect(await failedSignIns(url, 2, 0)).toEqual(Array(2).fill("Email or password is incorrect."));
    // Both went against the peer's own address; fill it up to the limit without waiting out the slow-down.
    const peer = throttleKeys("", "127.0.0.1").ip;
    for (let n = 2; n < THROTTLE_POLICY.limits.ip; n++) await countAttempt("ip", peer, new Date());
    expect(await failedSignIns(url, 1, 2)).toEqual([expect.stringMatching(/Too many failed sign-ins/)]);
  }, 60_000);

  it("counts each client a trusted proxy names on its own", async () => {
    const url = await signInServer("127.0.0.1/32, ::1");
    const answers = await failedSignIns(url, THROTTLE_POLICY.limits.ip + 5, 1000);
    expect(answers.every((answer) => answer === "Email or password is incorrect.")).toBe(true);
  }, 60_000);
});
