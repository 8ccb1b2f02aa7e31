/** Field name → messages, as shown next to form inputs and returned in 400 bodies. */
export type FieldErrors = Record<string, string[]>;

const statusByCode = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  TOO_LARGE: 413,
  /** Well-formed, but not enough to act on (e.g. an unknown tenant without what creating it needs). */
  UNPROCESSABLE: 422,
  LOCKED: 423,
  RATE_LIMITED: 429,
  UNAVAILABLE: 503,
} as const;

export type AppErrorCode = keyof typeof statusByCode;

/** The one error type `lib` throws for expected failures; transports map it to a status. */
export class AppError extends Error {
  constructor(
    readonly code: AppErrorCode,
    message: string,
    readonly fields?: FieldErrors,
  ) {
    super(message);
    this.name = "AppError";
  }

  get status(): number {
    return statusByCode[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** A unique constraint refused a write: P2002 from Prisma's own queries, SQLSTATE 23505 from raw SQL. */
export function isUniqueViolation(error: unknown): boolean {
  const { code, meta } = (error ?? {}) as {
    code?: unknown;
    meta?: { driverAdapterError?: { cause?: { originalCode?: unknown } } };
  };
  return code === "P2002" || (code === "P2010" && meta?.driverAdapterError?.cause?.originalCode === "23505");
}

/** What a transport shows for any error: expected ones as they are, anything else as an opaque 500. */
export function describeError(error: unknown): {
  status: number;
  code: string;
  message: string;
  fields?: FieldErrors;
} {
  if (isAppError(error))
    return { status: error.status, code: error.code, message: error.message, fields: error.fields };
  const prismaCode = (error as { code?: unknown })?.code;
  if (prismaCode === "P2025") return { status: 404, code: "NOT_FOUND", message: "Not found." };
  if (isUniqueViolation(error)) return { status: 409, code: "CONFLICT", message: "That already exists." };
  return { status: 500, code: "INTERNAL", message: "Something went wrong on our side. It has been logged." };
}
