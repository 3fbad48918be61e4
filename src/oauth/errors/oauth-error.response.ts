import { HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { FormError } from '../../common/errors/form.error';
import { InvalidRequestError, OAuthError, ServerError } from './oauth.error';
import { describeError } from '../../common/errors/describe-error';

const logger = new Logger('OAuthErrors');

/** Any error raised on an OAuth JSON endpoint, as the OAuth error it amounts to. */
export function toOAuthError(exception: unknown): OAuthError {
  if (exception instanceof OAuthError) return exception;
  // Validation failures and body-parser rejections (malformed, too large, bad charset).
  if (exception instanceof FormError) return new InvalidRequestError('The request is malformed');
  const status = exception instanceof HttpException ? exception.getStatus() : Number((exception as { status?: unknown })?.status);
  if (status === 413) return new InvalidRequestError('The request body is too large');
  if (status === 415) return new InvalidRequestError('The request body has an unsupported encoding');
  if (status >= 400 && status < 500) return new InvalidRequestError('The request is malformed');
  logger.error(describeError(exception));
  return new ServerError();
}

/** RFC 6749 §5.2: the JSON error body, never cached, with the headers the error asks for. */
export function writeOAuthError(res: Response, exception: unknown): void {
  const error = toOAuthError(exception);
  res.status(error.status);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Pragma', 'no-cache');
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.json(error.toJSON());
}
