import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { describeError } from '../../common/errors/describe-error';
import { OAuthError } from '../../common/errors/oauth.error';
import { translate } from '../../common/i18n/i18n';

/**
 * Errors of the Bearer-protected routes (resources, userinfo) as RFC 6750 §3 JSON (`error`,
 * `error_description`, `scope`), whatever the requested format: bearer failures are
 * OAuthErrors carrying their WWW-Authenticate challenge.
 */
@Catch()
export class BearerErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Resources');

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const res = host.switchToHttp().getResponse<FastifyReply>();
    if (res.sent) return;
    res.header('Cache-Control', 'no-store');
    if (exception instanceof OAuthError) {
      const body = exception.toJSON();
      if (exception.messageKey) body.error_description = translate(req.lang, exception.messageKey);
      res.status(exception.status).headers(exception.headers).send(body);
      return;
    }
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    if (status >= 500) this.logger.error(describeError(exception));
    const error = status === 404 ? 'not_found' : status >= 500 ? 'server_error' : 'invalid_request';
    res.status(status).send({ error, error_description: translate(req.lang, `resources.errors.${error}`) });
  }
}
