import { Controller, Delete, Get, Header, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StaffOnly } from '../common/decorators/staff-only.decorator';
import { formatDateTime } from '../common/web/format-date';
import { pageLinks, pagingOf } from '../common/web/paging';
import { PkPipe } from '../common/web/pk.pipe';
import { redirectOrJson, respond } from '../common/web/respond';
import { AuthorizationsService } from '../tokens/authorizations.service';
import { staffActor } from './admin-actor';
import { optionalId } from './admin-filters';

const LIST = '/admin/authorizations/';

/** Authorization sessions (CONTRACT §7): who authorized which application; revoking one ends it all. */
@StaffOnly()
@Controller('admin/authorizations')
export class AdminAuthorizationsController {
  constructor(private readonly authorizations: AuthorizationsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async list(@Query() query: Record<string, unknown>, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const paging = pagingOf(query);
    const filter = { userId: optionalId(query.user, 'user'), applicationId: optionalId(query.application, 'application') };
    const page = await this.authorizations.page(filter, paging);
    const items = page.items.map((a) => ({ ...a, created: formatDateTime(a.created_at, req.lang), lastUsed: formatDateTime(a.last_used_at, req.lang) }));
    respond(req, res, {
      view: 'admin/authorizations',
      title: 'admin.authorizations.title',
      model: { items, total: page.total, values: { user: query.user, application: query.application }, ...pageLinks(LIST, query, paging, page.total) },
      json: page,
    });
  }

  @Delete(':pk')
  async revoke(@Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    await this.authorizations.revoke(pk, staffActor(req));
    redirectOrJson(req, res, LIST, 'admin.authorizations.revoked', null, 204);
  }

  /** HTML forms cannot DELETE. */
  @Post(':pk/delete')
  revokeForm(@Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.revoke(pk, req, res);
  }
}
