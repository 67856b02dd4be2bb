/**
 * One error type with a closed set of codes, one table mapping codes to HTTP statuses
 * (DESIGN.md "Errors"). Rule violations use the rule's ID (R-…) as code and map to 422.
 */
export const ERROR_STATUS = {
  bad_request: 400,
  validation_failed: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  idempotency_conflict: 409,
  /** If-Match / expectedVersion named a version the resource no longer has (lost-update guard). */
  precondition_failed: 412,
  rule_violation: 422,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export type RuleCode = `R-${string}`;

export interface Violation {
  code: RuleCode;
  message: string;
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly code: ErrorCode | RuleCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode | RuleCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return statusOf(this.code);
  }
}

export function statusOf(code: string): number {
  if (code.startsWith("R-")) return ERROR_STATUS.rule_violation;
  return (ERROR_STATUS as Record<string, number>)[code] ?? 500;
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export const notFound = (what: string, id: string) =>
  new AppError("not_found", `${what} ${id} was not found`, { id });
export const forbidden = (message = "You are not allowed to do this") => new AppError("forbidden", message);
export const conflict = (message: string, details?: Record<string, unknown>) =>
  new AppError("conflict", message, details);
export const badRequest = (message: string, details?: Record<string, unknown>) =>
  new AppError("bad_request", message, details);

/** Several rule violations at once (a pre-check reports all of them); the first one names the error. */
export function violationsError(violations: readonly Violation[]): AppError {
  const first = violations[0];
  if (!first) throw new Error("violationsError needs at least one violation");
  return new AppError(first.code, first.message, { violations });
}
