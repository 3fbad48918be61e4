import { HttpException, HttpStatus } from '@nestjs/common';

/** What went wrong with a form, for the filters to turn into a status (common/errors/error-status.ts). */
export type FormErrorCode = 'invalid' | 'unauthorized' | 'csrf_failed' | 'conflict' | 'rate_limited' | 'unavailable';

/**
 * A form that cannot be accepted. Messages are translation keys, so the page filter can show
 * them in the reader's language beside the field; JSON callers get the same keys translated.
 * It carries a code, not an HTTP status: the filters choose the status.
 */
export class FormError extends Error {
  constructor(
    public readonly fieldErrors: Record<string, string>,
    public readonly formErrors: string[] = [],
    public readonly code: FormErrorCode = 'invalid',
    public readonly params: Record<string, unknown> = {},
    /** rate_limited: when the caller may try again (a Retry-After header). */
    public readonly retryAfterSeconds?: number,
  ) {
    super([...formErrors, ...Object.values(fieldErrors)].join(', ') || code);
  }

  static field(field: string, messageKey: string, code: FormErrorCode = 'invalid'): FormError {
    return new FormError({ [field]: messageKey }, [], code);
  }

  static form(messageKey: string, code: FormErrorCode = 'invalid', params: Record<string, unknown> = {}): FormError {
    return new FormError({}, [messageKey], code, params);
  }

  /** A throttle's refusal: the message gets `{minutes}`, the answer a Retry-After. */
  static rateLimited(messageKey: string, retryAfterSeconds: number): FormError {
    return new FormError({}, [messageKey], 'rate_limited', { minutes: Math.ceil(retryAfterSeconds / 60) }, retryAfterSeconds);
  }
}

/** Sign-in is needed: pages redirect to the sign-in page, JSON callers get 401. */
export class LoginRequiredError extends HttpException {
  constructor() {
    super('login_required', HttpStatus.UNAUTHORIZED);
  }
}
