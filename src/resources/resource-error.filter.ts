import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { translate } from '../common/i18n/i18n';
import { describeError } from '../common/errors/describe-error';

/**
 * Resource errors as RFC 6750 §3 JSON (`error`, `error_description`, `scope`), whatever the
 * requested format: the bearer guard has already set WWW-Authenticate on 401 and 403.
 */
@Catch()
export class ResourceErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Resources');

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const res = host.switchToHttp().getResponse<FastifyReply>();
    if (res.sent) return;
    res.header('Cache-Control', 'no-store');
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (status >= 500) this.logger.error(describeError(exception));
    const body = exception instanceof HttpException ? exception.getResponse() : undefined;
    if (body && typeof body === 'object' && typeof (body as { error?: unknown }).error === 'string' && (status === 401 || status === 403)) {
      const b = body as { error: string; error_description?: string; scope?: string };
      const description = b.error_description?.startsWith('resources.') ? translate(req.lang, b.error_description) : b.error_description;
      res.status(status).send({ error: b.error, error_description: description, ...(b.scope ? { scope: b.scope } : {}) });
      return;
    }
    const error = status === 404 ? 'not_found' : status >= 500 ? 'server_error' : 'invalid_request';
    res.status(status).send({ error, error_description: translate(req.lang, `resources.errors.${error}`) });
  }
}
