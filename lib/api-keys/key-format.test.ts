import { describe, expect, it } from "vitest";
import { apiKeyPrefix, generateApiKey, hashApiKey } from "./key-format";

describe("API key format", () => {
  it("generates keys whose prefix can be read back and whose hash matches", () => {
    const { key, prefix, secretHash } = generateApiKey();
    expect(key).toMatch(/^stw_[A-Za-z0-9]{8}_[A-Za-z0-9_-]{43}$/);
    expect(apiKeyPrefix(key)).toBe(prefix);
    expect(hashApiKey(key)).toBe(secretHash);
    expect(generateApiKey().key).not.toBe(key);
  });

  it("recognises nothing that is not a Steward key", () => {
    for (const candidate of ["", "stw_short_x", "sk-ant-123", `stw_abcdefgh_${"a".repeat(42)}`])
      expect(apiKeyPrefix(candidate)).toBeNull();
  });
});
