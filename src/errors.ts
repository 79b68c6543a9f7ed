// What went wrong, in domain terms. No status codes here: http/error-handler.ts maps codes to HTTP.
export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RULE_VIOLATION'
  | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE';

/** A message people read, in Vietnamese (the users' language) and English (for developers and logs). */
export interface LocalizedText {
  vi: string;
  en: string;
}

export function text(vi: string, en: string): LocalizedText {
  return { vi, en };
}

export abstract class AppError extends Error {
  abstract readonly code: ErrorCode;
  constructor(
    readonly text: LocalizedText,
    readonly details?: unknown,
  ) {
    super(text.en);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  readonly code = 'VALIDATION_FAILED';
}
export class UnauthenticatedError extends AppError {
  readonly code = 'UNAUTHENTICATED';
}
export class ForbiddenError extends AppError {
  readonly code = 'FORBIDDEN';
}
export class NotFoundError extends AppError {
  readonly code = 'NOT_FOUND';
}
export class ConflictError extends AppError {
  readonly code = 'CONFLICT';
}
export class RuleViolationError extends AppError {
  readonly code = 'RULE_VIOLATION';
}
export class PayloadTooLargeError extends AppError {
  readonly code = 'PAYLOAD_TOO_LARGE';
}
export class RateLimitedError extends AppError {
  readonly code = 'RATE_LIMITED';
}
export class UnavailableError extends AppError {
  readonly code = 'UNAVAILABLE';
}
