import { HttpException, HttpStatus } from '@nestjs/common';
import { FormError, FormErrorCode } from './form.error';

const FORM_ERROR_STATUS: Record<FormErrorCode, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthorized: HttpStatus.UNAUTHORIZED,
  csrf_failed: HttpStatus.FORBIDDEN,
  conflict: HttpStatus.CONFLICT,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

/**
 * The HTTP status of any error a filter writes: a FormError's code, an HttpException's
 * status, the 4xx of what fails before a route runs (body parsing, sessions); else 500.
 */
export function statusOf(exception: unknown): number {
  if (exception instanceof FormError) return FORM_ERROR_STATUS[exception.code];
  if (exception instanceof HttpException) return exception.getStatus();
  const e = exception as { status?: unknown; statusCode?: unknown } | undefined;
  const status = Number(e?.status ?? e?.statusCode);
  return status >= 400 && status < 500 ? status : HttpStatus.INTERNAL_SERVER_ERROR;
}
