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

/** Error codes of a database (or other backing service) that cannot be reached right now. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'SQLITE_BUSY',
  'SQLITE_IOERR',
  'SQLITE_CANTOPEN',
]);
/** TypeORM's errors for a data source that is not (or no longer) connected. */
const NOT_CONNECTED = new Set(['ConnectionIsNotSetError', 'CannotExecuteNotConnectedError', 'PoolClosedError']);

/** Whether an error says a backing service is down (answered 503), not that the code is wrong. */
export function isUnavailable(exception: unknown): boolean {
  const e = exception as { code?: unknown; name?: unknown; driverError?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.driverError?.code;
  return (typeof code === 'string' && UNREACHABLE.has(code)) || (typeof e?.name === 'string' && NOT_CONNECTED.has(e.name));
}

/**
 * The HTTP status of any error a filter writes: a FormError's code, an HttpException's
 * status, the 4xx of what fails before a route runs (body parsing, sessions), 503 when a
 * backing service is unreachable; else 500.
 */
export function statusOf(exception: unknown): number {
  if (exception instanceof FormError) return FORM_ERROR_STATUS[exception.code];
  if (exception instanceof HttpException) return exception.getStatus();
  if (isUnavailable(exception)) return HttpStatus.SERVICE_UNAVAILABLE;
  const e = exception as { status?: unknown; statusCode?: unknown } | undefined;
  const status = Number(e?.status ?? e?.statusCode);
  return status >= 400 && status < 500 ? status : HttpStatus.INTERNAL_SERVER_ERROR;
}

/**
 * The `error` label of a JSON error answer: what happened (`csrf_failed`, `rate_limited`,
 * `validation_failed` for a field that was refused), else the status's name.
 */
export function errorLabel(exception: unknown, status: number): string {
  if (exception instanceof FormError) return exception.code === 'invalid' ? 'validation_failed' : exception.code;
  return STATUS_LABEL[status] ?? (status >= 500 ? 'server_error' : 'bad_request');
}

const STATUS_LABEL: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  429: 'too_many_requests',
  503: 'service_unavailable',
};
