/** One invalid field of a request, as listed in a problem document's `errors`. */
export type TFieldError = { path: string; code: string; message: string };

export type TAppErrorOptions = {
  detail?: string;
  errors?: TFieldError[];
  /** Seconds, sent as Retry-After with 429 and 503. */
  retryAfterSeconds?: number;
};

/**
 * The one error type services throw for expected failures. Each module's `*.errors.ts`
 * catalogue creates them, so a code always carries the same status.
 */
export class AppError extends Error {
  readonly detail: string | undefined;
  readonly errors: TFieldError[] | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    readonly code: string,
    readonly status: number,
    readonly title: string,
    options: TAppErrorOptions = {},
  ) {
    super(`${code}: ${title}`);
    this.name = 'AppError';
    this.detail = options.detail;
    this.errors = options.errors;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }
}

/** Errors shared by every module. */
export const commonErrors = {
  validationFailed: (errors: TFieldError[]) =>
    new AppError('validation_failed', 400, 'The request has invalid fields.', { errors }),
  unauthenticated: () =>
    new AppError('unauthenticated', 401, 'Sign in to continue.'),
  forbidden: () => new AppError('forbidden', 403, 'You are not allowed to do this.'),
  csrfFailed: () =>
    new AppError('csrf_failed', 403, 'The request did not carry a valid CSRF token.', {
      detail: 'Send the value of the comptoir_csrf cookie in the X-CSRF-Token header.',
    }),
  notFound: () => new AppError('not_found', 404, 'Not found.'),
  rateLimited: (retryAfterSeconds: number) =>
    new AppError('rate_limited', 429, 'Too many requests; try again later.', {
      retryAfterSeconds,
      detail: `Try again in ${retryAfterSeconds} seconds.`,
    }),
};
