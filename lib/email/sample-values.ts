// What the template preview and the test email fill in: values that read like a real message, so an
// owner judges the wording, not `[planName]`. A template's own sample wins over the shared one.

const SHARED: Record<string, string> = {
  tenantName: "Acme Analytics",
  planName: "Pro",
  trialEndsOn: "Friday, 18 December 2026",
  amount: "€49.00",
  nextRetryOn: "Monday, 14 December 2026",
  reason: "three payments in a row were declined",
  metric: "API requests per hour",
  explanation:
    "Acme Analytics sent 18,240 API requests in the last hour, 6.2 times its usual level for a Monday.",
  link: "https://steward.example.com/",
  count: "2",
  document: "certificate of insurance",
  expiresOn: "Thursday, 31 December 2026",
  expiresIn: "in 14 days",
  required: "It is required: the tenant cannot be reactivated until a renewal is on file.",
};

const BY_TEMPLATE: Record<string, Record<string, string>> = {
  anomaly_digest: {
    list: "- Acme Analytics: API requests per hour 6.2× the usual\n- Blue Bakery: failed logins 9× the usual",
  },
  api_key_digest: {
    list: "- Billing sync (stw_a1b2…): unused for 94 days\n- Gateway (stw_c3d4…): 400 days old, due for rotation",
  },
};

/** Sample values for each of `variables` of template `key`; a name with no sample shows as `[name]`. */
export function sampleValues(key: string, variables: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    variables.map((name) => [name, BY_TEMPLATE[key]?.[name] ?? SHARED[name] ?? `[${name}]`]),
  );
}
