/**
 * Sign-in's answer to a right password when two-factor sign-in is on; the login form, seeing it,
 * asks for the code (kept apart from sign-in.ts so the browser bundle does not pull the database in).
 */
export const TWO_FACTOR_PROMPT = "Enter the 6-digit code from your authenticator app, or a recovery code.";
