import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorLabel, statusOf } from '../errors/error-status';
import { FormError } from '../errors/form.error';
import { translate } from '../i18n/i18n';
import { render } from '../web/views';
import { wantsJson } from '../web/wants-json';

// A token lifetime (access_token_ttl) is no token.
const NEVER_ECHO = /password|secret|token(?!_ttl$)|_csrf/i;

/**
 * `@UseFilters(new FormPageFilter('accounts/register'))`: a rejected form is shown again with
 * its messages beside the fields (status 4xx); JSON callers get `{ fields: { name: message } }`.
 */
@Catch(FormError)
export class FormPageFilter implements ExceptionFilter {
  constructor(
    private readonly view: string,
    private readonly model: Record<string, unknown> = {},
  ) {}

  catch(error: FormError, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<FastifyRequest>();
    const res = host.switchToHttp().getResponse<FastifyReply>();
    const lang = req.lang;
    const tr = (key: string) => translate(lang, key, error.params);
    const fields = Object.fromEntries(Object.entries(error.fieldErrors).map(([f, k]) => [f, tr(k)]));
    const formErrors = error.formErrors.map(tr);
    const status = statusOf(error);
    if (error.retryAfterSeconds) res.header('Retry-After', String(error.retryAfterSeconds));
    if (wantsJson(req)) {
      res.status(status).send({
        statusCode: status,
        error: errorLabel(error, status),
        message: [...formErrors, ...Object.values(fields)].join(' '),
        fields,
      });
      return;
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    const values = Object.fromEntries(Object.entries(body).filter(([k, v]) => !NEVER_ECHO.test(k) && typeof v === 'string'));
    render(req, res, this.view, { ...this.model, ...(req.formModel ?? {}), values, errors: fields, formErrors }, status);
  }
}
