/**
 * The largest server-action body (the tenant CSV import sends files of up to 5 MB, MAX_CSV_BYTES).
 * Next.js answers a larger one with a 500; proxy.ts refuses it first with a 413.
 */
export const SERVER_ACTION_BODY_LIMIT_BYTES = 6 * 1024 * 1024;
