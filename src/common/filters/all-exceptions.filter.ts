import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { translate } from '../i18n/i18n';
import { describeError } from '../errors/describe-error';
import { errorLabel, statusOf } from '../errors/error-status';
import { FormError, LoginRequiredError } from '../errors/form.error';
import { loggedPath } from '../web/request-log';
import { render } from '../web/views';
import { wantsJson } from '../web/wants-json';

/** What a client is told to wait when the database (or another backing service) is unreachable. */
const UNAVAILABLE_RETRY_SECONDS = 5;

const KNOWN_STATUS = new Set([400, 401, 403, 404, 405, 413, 415, 429, 500, 503]);

/**
 * The last word on every error: a page in the reader's language, or JSON for API callers.
 * Never a stack trace or an internal message in the response; 5xx are logged with the stack.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<FastifyRequest>();
    const res = ctx.getResponse<FastifyReply>();
    if (res.sent) return;
    const status = statusOf(exception);
    const lang = req.lang;

    if (exception instanceof LoginRequiredError && !wantsJson(req) && (req.method === 'GET' || req.method === 'HEAD')) {
      res.redirect(`/accounts/login/?next=${encodeURIComponent(req.url)}`, 303);
      return;
    }
    if (status >= 500) {
      // The kind and message only: stack traces stay out of responses and logs alike.
      this.logger.error(`${req.method} ${loggedPath(req)} failed: ${describeError(exception)}`);
    }
    const key = `errors.http.${KNOWN_STATUS.has(status) ? status : status >= 500 ? 500 : 400}`;
    let message = translate(lang, key);
    if (exception instanceof FormError) {
      message = [...exception.formErrors, ...Object.values(exception.fieldErrors)].map((k) => translate(lang, k, exception.params)).join(' ');
    }
    if (exception instanceof FormError && exception.retryAfterSeconds) res.header('Retry-After', String(exception.retryAfterSeconds));
    else if (status === 503) res.header('Retry-After', String(UNAVAILABLE_RETRY_SECONDS));
    if (wantsJson(req)) {
      res.status(status).send({ statusCode: status, error: errorLabel(exception, status), message });
      return;
    }
    render(req, res, 'errors/error', { status, message, title: translate(lang, key) }, status);
  }
}
