// Placeholder until the usage analysis lands in this session.
export async function analyzeUsage(_now: Date, _onProgress?: (percent: number) => unknown): Promise<unknown> {
  throw new Error("analyze-usage is not built yet");
}
