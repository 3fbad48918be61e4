import { HttpException, HttpStatus } from '@nestjs/common';

/**
 * A form that cannot be accepted. Messages are translation keys, so the page filter can show
 * them in the reader's language beside the field; JSON callers get the same keys translated.
 */
export class FormError extends HttpException {
  constructor(
    public readonly fieldErrors: Record<string, string>,
    public readonly formErrors: string[] = [],
    status: number = HttpStatus.BAD_REQUEST,
    public readonly params: Record<string, unknown> = {},
  ) {
    super({ fieldErrors, formErrors }, status);
  }

  static field(field: string, messageKey: string, status: number = HttpStatus.BAD_REQUEST): FormError {
    return new FormError({ [field]: messageKey }, [], status);
  }

  static form(messageKey: string, status: number = HttpStatus.BAD_REQUEST, params: Record<string, unknown> = {}): FormError {
    return new FormError({}, [messageKey], status, params);
  }
}

/** Sign-in is needed: pages redirect to the sign-in page, JSON callers get 401. */
export class LoginRequiredError extends HttpException {
  constructor() {
    super('login_required', HttpStatus.UNAUTHORIZED);
  }
}
