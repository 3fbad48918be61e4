import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { statusOf } from '../../common/errors/error-status';
import { FormError, LoginRequiredError } from '../../common/errors/form.error';
import { translate } from '../../common/i18n/i18n';
import { render } from '../../common/web/views';
import { AuthorizationRedirectError } from './authorization-response';
import { AuthorizePageError } from './authorize-page.error';
import { describeError } from '../../common/errors/describe-error';

/**
 * Errors of the authorization endpoint: back to the client once its redirect URI is trusted,
 * otherwise a page for the user. Not signed in: to the sign-in page, then back here.
 */
@Catch()
export class AuthorizeErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('Authorize');

  catch(exception: unknown, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const res = host.switchToHttp().getResponse<FastifyReply>();
    if (res.sent) return;
    res.header('Cache-Control', 'no-store');
    if (exception instanceof AuthorizationRedirectError) return void res.redirect(exception.location, 303);
    if (exception instanceof LoginRequiredError && req.method === 'GET') {
      return void res.redirect(`/accounts/login/?next=${encodeURIComponent(req.url)}`, 303);
    }
    let status = 500;
    let key = 'errors.http.500';
    let title = 'oauth.errors.title';
    if (exception instanceof AuthorizePageError) [status, key, title] = [exception.status, exception.messageKey, exception.titleKey];
    else if (exception instanceof LoginRequiredError) [status, key] = [401, 'oauth.errors.sessionExpired'];
    else if (exception instanceof FormError) [status, key] = [statusOf(exception), exception.formErrors[0] ?? 'errors.http.400'];
    else if (exception instanceof HttpException && exception.getStatus() < 500) [status, key] = [exception.getStatus(), 'errors.http.400'];
    else this.logger.error(describeError(exception));
    const lang = req.lang;
    render(req, res, 'errors/error', { status, title: translate(lang, title), message: translate(lang, key) }, status);
  }
}
