// Payload keys whose values are personal or secret; they never reach the dashboard or its search.
// Keys naming an id (emailLogId, tenant_id) are references, not the data itself, and stay visible.
const SENSITIVE_KEY = /e-?mail|password|secret|token|phone|address|recipient|name$/i;
const REFERENCE_KEY = /(Id|Ids|_id|_ids)$/;

/** A copy of a payload with sensitive values replaced, at any depth. */
export function redactPayload(value: unknown, key = ""): unknown {
  if (key && SENSITIVE_KEY.test(key) && !REFERENCE_KEY.test(key)) return "[redacted]";
  if (Array.isArray(value)) return value.map((item) => redactPayload(item));
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactPayload(v, k)]));
  return value;
}
