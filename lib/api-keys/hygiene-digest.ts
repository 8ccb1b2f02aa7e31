// Placeholder until the API key digest lands in this session.
export async function sendApiKeyDigest(_now: Date): Promise<unknown> {
  throw new Error("send-api-key-digest is not built yet");
}
