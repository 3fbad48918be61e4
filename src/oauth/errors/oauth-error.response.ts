import { Logger } from '@nestjs/common';
import { statusOf } from '../../common/errors/error-status';
import type { FastifyReply } from 'fastify';
import { FormError } from '../../common/errors/form.error';
import { InvalidRequestError, OAuthError, ServerError, TemporarilyUnavailableError } from '../../common/errors/oauth.error';
import { describeError } from '../../common/errors/describe-error';

const logger = new Logger('OAuthErrors');

/** Any error raised on an OAuth JSON endpoint, as the OAuth error it amounts to. */
export function toOAuthError(exception: unknown): OAuthError {
  if (exception instanceof OAuthError) return exception;
  // Validation failures and body parsing rejections (malformed, too large, wrong type).
  if (exception instanceof FormError) return new InvalidRequestError('The request is malformed');
  const status = statusOf(exception);
  if (status === 413) return new InvalidRequestError('The request body is too large');
  if (status === 415) return new InvalidRequestError('The request body must be application/x-www-form-urlencoded');
  if (status >= 400 && status < 500) return new InvalidRequestError('The request is malformed');
  if (status === 503) return new TemporarilyUnavailableError();
  logger.error(describeError(exception));
  return new ServerError();
}

/** RFC 6749 §5.2: the JSON error body, never cached, with the headers the error asks for. */
export function writeOAuthError(reply: FastifyReply, exception: unknown): void {
  const error = toOAuthError(exception);
  reply.status(error.status).header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  reply.send(error.toJSON());
}
