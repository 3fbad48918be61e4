import { Body, Controller, Delete, Get, Header, Param, Post, Put, Query, Req, Res, UseFilters, UseInterceptors } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GroupsService } from '../accounts/groups.service';
import { StaffOnly } from '../common/decorators/staff-only.decorator';
import { FormPageFilter } from '../common/filters/form-page.filter';
import { pageLinks, pagingOf } from '../common/web/paging';
import { PkPipe } from '../common/web/pk.pipe';
import { redirectOrJson, respond } from '../common/web/respond';
import { staffActor } from './admin-actor';
import { GroupFormInterceptor } from './admin-form.interceptor';
import { AddMemberDto, GroupNameDto } from './dto/admin.dto';

const LIST = '/admin/groups/';

/** Groups and their members (CONTRACT §7); the CLI (groups.cli.ts) does the same from a shell. */
@StaffOnly()
@Controller('admin/groups')
export class AdminGroupsController {
  constructor(private readonly groups: GroupsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async list(@Query() query: Record<string, unknown>, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const paging = pagingOf(query);
    const q = typeof query.q === 'string' ? query.q : '';
    const page = await this.groups.page(q, paging);
    respond(req, res, { view: 'admin/groups', title: 'admin.groups.title', model: { ...page, q, ...pageLinks(LIST, query, paging, page.total) }, json: page });
  }

  @Post()
  @UseInterceptors(GroupFormInterceptor)
  @UseFilters(new FormPageFilter('admin/groups'))
  async create(@Body() dto: GroupNameDto, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const group = await this.groups.create(dto.name, staffActor(req));
    redirectOrJson(req, res, `${LIST}${group.id}/`, 'admin.groups.created', group, 201);
  }

  @Get(':pk')
  @Header('Cache-Control', 'no-store')
  async detail(@Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const group = await this.groups.detail(pk);
    respond(req, res, { view: 'admin/group', title: 'admin.groups.detail', model: { group, values: { name: group.name } }, json: group });
  }

  @Put(':pk')
  @UseInterceptors(GroupFormInterceptor)
  @UseFilters(new FormPageFilter('admin/group'))
  async rename(@Param('pk', PkPipe) pk: number, @Body() dto: GroupNameDto, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    redirectOrJson(req, res, `${LIST}${pk}/`, 'admin.groups.renamed', await this.groups.rename(pk, dto.name, staffActor(req)));
  }

  /** HTML forms cannot PUT. */
  @Post(':pk')
  @UseInterceptors(GroupFormInterceptor)
  @UseFilters(new FormPageFilter('admin/group'))
  renameForm(@Param('pk', PkPipe) pk: number, @Body() dto: GroupNameDto, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.rename(pk, dto, req, res);
  }

  @Delete(':pk')
  async remove(@Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    await this.groups.removeById(pk, staffActor(req));
    redirectOrJson(req, res, LIST, 'admin.groups.deleted', null, 204);
  }

  @Post(':pk/delete')
  removeForm(@Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.remove(pk, req, res);
  }

  @Post(':pk/members')
  @UseInterceptors(GroupFormInterceptor)
  @UseFilters(new FormPageFilter('admin/group'))
  async addMember(@Param('pk', PkPipe) pk: number, @Body() dto: AddMemberDto, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    await this.groups.addMemberById(pk, dto.user_id, staffActor(req));
    redirectOrJson(req, res, `${LIST}${pk}/`, 'admin.groups.memberAdded', await this.groups.detail(pk));
  }

  @Delete(':pk/members/:userPk')
  async removeMember(
    @Param('pk', PkPipe) pk: number,
    @Param('userPk', PkPipe) userPk: number,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    await this.groups.removeMemberById(pk, userPk, staffActor(req));
    redirectOrJson(req, res, `${LIST}${pk}/`, 'admin.groups.memberRemoved', null, 204);
  }

  @Post(':pk/members/:userPk/delete')
  removeMemberForm(
    @Param('pk', PkPipe) pk: number,
    @Param('userPk', PkPipe) userPk: number,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    return this.removeMember(pk, userPk, req, res);
  }
}
