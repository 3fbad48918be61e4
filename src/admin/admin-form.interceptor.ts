import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';
import { GroupsService } from '../accounts/groups.service';
import { pagingOf } from '../common/web/paging';
import { PkPipe } from '../common/web/pk.pipe';
import { UserPageModel } from './user-page';

type PkRequest = FastifyRequest<{ Params: { pk?: string } }>;

/**
 * Runs before validation: an unknown user is a 404 whatever the payload, and FormPageFilter
 * can show the user page again around a rejected form.
 */
@Injectable()
export class UserFormInterceptor implements NestInterceptor {
  constructor(private readonly page: UserPageModel) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<PkRequest>();
    req.formModel = await this.page.build(req, new PkPipe().transform(req.params.pk));
    return next.handle();
  }
}

/** The same for the group pages: one group (rename, members), or the list (create). */
@Injectable()
export class GroupFormInterceptor implements NestInterceptor {
  constructor(private readonly groups: GroupsService) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const req = context.switchToHttp().getRequest<PkRequest>();
    if (req.params.pk === undefined) {
      req.formModel = { ...(await this.groups.page('', pagingOf({}))) };
    } else {
      const group = await this.groups.detail(new PkPipe().transform(req.params.pk));
      req.formModel = { group, values: { name: group.name } };
    }
    return next.handle();
  }
}
