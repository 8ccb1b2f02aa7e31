import pino from "pino";

/**
 * JSON logs. Anything that could carry a secret or PII is redacted by path, so a careless
 * `logger.info({ user })` still cannot leak a password hash or an email.
 */
export const logger = pino({
  level: process.env.LOG_LEVEL ?? "info",
  base: { service: process.env.STEWARD_SERVICE ?? "steward" },
  redact: {
    paths: [
      "password",
      "*.password",
      "passwordHash",
      "*.passwordHash",
      "email",
      "*.email",
      "contactEmail",
      "*.contactEmail",
      "authorization",
      "*.authorization",
      "*.headers.authorization",
      "*.headers.cookie",
      "secret",
      "*.secret",
      "token",
      "*.token",
    ],
    censor: "[redacted]",
  },
});
