import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { translate } from '../common/i18n/i18n';
import { PkPipe } from '../common/web/pk.pipe';
import { applicationFormModel } from './application-form';
import { ApplicationsService, toApplicationView } from './applications.service';
import { GrantCatalog } from './grant-catalog';
import { CreateApplicationDto } from './dto/create-application.dto';
import { FormError } from '../common/errors/form.error';
import { unknownFields } from '../common/web/unknown-fields';

/**
 * Runs before validation on the register/update POST: for an update it checks ownership first
 * (another user's application is a 404 even with a bad payload), and it prepares the form's
 * options from the posted body so that FormPageFilter can show the form again as it was sent.
 * A field the form does not have is refused here, before validation would strip it.
 */
@Injectable()
export class ApplicationFormInterceptor implements NestInterceptor {
  constructor(
    private readonly apps: ApplicationsService,
    private readonly grants: GrantCatalog,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<FastifyRequest<{ Params: { pk?: string } }>>();
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (req.params.pk !== undefined) {
      const app = toApplicationView(await this.apps.getOwned(req.user!.id, new PkPipe().transform(req.params.pk)));
      req.formModel = {
        mode: 'update',
        title: translate(req.lang, 'applications.form.updateTitle'),
        application: app,
        ...applicationFormModel(body, this.grants.all(), this.apps.tokenLifetimeLimits(), app.client_type),
      };
    } else {
      req.formModel = {
        mode: 'register',
        title: translate(req.lang, 'applications.form.registerTitle'),
        ...applicationFormModel(body, this.grants.all(), this.apps.tokenLifetimeLimits()),
      };
    }
    // RFC 7591 names only: a misspelt or unsupported field is refused by name, never dropped.
    const unknown = unknownFields(CreateApplicationDto, body);
    if (unknown.length > 0) throw new FormError(Object.fromEntries(unknown.map((f) => [f, 'validation.unknownField'])));
    return next.handle();
  }
}
