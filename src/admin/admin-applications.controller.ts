import { Body, Controller, Get, Header, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApplicationsService, toAdminApplicationView } from '../applications/applications.service';
import { StaffOnly } from '../common/decorators/staff-only.decorator';
import { pageLinks, pagingOf } from '../common/web/paging';
import { PkPipe } from '../common/web/pk.pipe';
import { redirectOrJson, respond } from '../common/web/respond';
import { AuthorizationsService } from '../tokens/authorizations.service';
import { staffActor } from './admin-actor';
import { ResourceServerDto } from './dto/admin.dto';

const LIST = '/admin/applications/';

/** Every application with its owner (CONTRACT §7); disabling one refuses its client and revokes its tokens. */
@StaffOnly()
@Controller('admin/applications')
export class AdminApplicationsController {
  constructor(
    private readonly apps: ApplicationsService,
    private readonly authorizations: AuthorizationsService,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async list(@Query() query: Record<string, unknown>, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const paging = pagingOf(query);
    const q = typeof query.q === 'string' ? query.q : '';
    const page = await this.apps.page(q, paging);
    respond(req, res, {
      view: 'admin/applications',
      title: 'admin.applications.title',
      model: { ...page, q, ...pageLinks(LIST, query, paging, page.total) },
      json: page,
    });
  }

  @Get(':pk')
  @Header('Cache-Control', 'no-store')
  async detail(@Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const application = toAdminApplicationView(await this.apps.getById(pk));
    respond(req, res, { view: 'admin/application', title: 'admin.applications.detail', model: { application }, json: application });
  }

  @Post(':pk/disable')
  async disable(@Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const application = await this.apps.setDisabled(pk, true, staffActor(req), (em) => this.authorizations.revokeAllForApplication(pk, em));
    redirectOrJson(req, res, `${LIST}${pk}/`, 'admin.applications.disabled', application);
  }

  /** Staff's decision (CONTRACT §2.4): the application may introspect every token (`{resource_server: true|false}`). */
  @Post(':pk/resource_server')
  async resourceServer(@Param('pk', PkPipe) pk: number, @Body() dto: ResourceServerDto, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    await this.apps.setResourceServer(pk, dto.resource_server, staffActor(req));
    redirectOrJson(req, res, `${LIST}${pk}/`, 'admin.applications.saved', toAdminApplicationView(await this.apps.getById(pk)));
  }

  @Post(':pk/enable')
  async enable(@Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    redirectOrJson(req, res, `${LIST}${pk}/`, 'admin.applications.enabled', await this.apps.setDisabled(pk, false, staffActor(req)));
  }
}
