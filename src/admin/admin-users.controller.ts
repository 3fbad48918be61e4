import { Body, Controller, Delete, Get, Header, Param, Post, Put, Query, Req, Res, UseFilters, UseInterceptors } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { PasswordsService } from '../accounts/passwords.service';
import { UserDirectoryService } from '../accounts/user-directory.service';
import { StaffOnly } from '../common/decorators/staff-only.decorator';
import { FormError } from '../common/errors/form.error';
import { FormPageFilter } from '../common/filters/form-page.filter';
import { pageLinks, pagingOf } from '../common/web/paging';
import { PkPipe } from '../common/web/pk.pipe';
import { redirectOrJson, respond } from '../common/web/respond';
import { wantsJson } from '../common/web/wants-json';
import { staffActor } from './admin-actor';
import { UserFormInterceptor } from './admin-form.interceptor';
import { UserPageModel } from './user-page';
import { UpdateUserDto } from './dto/admin.dto';

const LIST = '/admin/users/';

/** Users (CONTRACT §7): search, detail, edit, disable, enable, delete, send a reset link. */
@StaffOnly()
@Controller('admin/users')
export class AdminUsersController {
  constructor(
    private readonly users: UserDirectoryService,
    private readonly passwords: PasswordsService,
    private readonly page: UserPageModel,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async list(@Query() query: Record<string, unknown>, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const paging = pagingOf(query);
    const q = typeof query.q === 'string' ? query.q : '';
    const page = await this.users.search(q, paging);
    respond(req, res, { view: 'admin/users', title: 'admin.users.title', model: { ...page, q, ...pageLinks(LIST, query, paging, page.total) }, json: page });
  }

  @Get(':pk')
  @Header('Cache-Control', 'no-store')
  async detail(@Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const user = await this.users.get(pk);
    const model = wantsJson(req) ? {} : await this.page.build(req, pk);
    respond(req, res, { view: 'admin/user', title: 'admin.users.detail', model, json: user });
  }

  @Put(':pk')
  @UseInterceptors(UserFormInterceptor)
  @UseFilters(new FormPageFilter('admin/user'))
  async update(@Param('pk', PkPipe) pk: number, @Body() dto: UpdateUserDto, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const user = await this.users.update(pk, { email: dto.email, isStaff: dto.is_staff, groupIds: dto.groups }, staffActor(req));
    redirectOrJson(req, res, `${LIST}${pk}/`, 'admin.users.saved', user);
  }

  /** HTML forms cannot PUT. */
  @Post(':pk')
  @UseInterceptors(UserFormInterceptor)
  @UseFilters(new FormPageFilter('admin/user'))
  updateForm(@Param('pk', PkPipe) pk: number, @Body() dto: UpdateUserDto, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.update(pk, dto, req, res);
  }

  @Post(':pk/disable')
  @UseInterceptors(UserFormInterceptor)
  @UseFilters(new FormPageFilter('admin/user'))
  async disable(@Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    redirectOrJson(req, res, `${LIST}${pk}/`, 'admin.users.disabled', await this.users.setActive(pk, false, staffActor(req)));
  }

  @Post(':pk/enable')
  async enable(@Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    redirectOrJson(req, res, `${LIST}${pk}/`, 'admin.users.enabled', await this.users.setActive(pk, true, staffActor(req)));
  }

  @Post(':pk/send_reset')
  @UseInterceptors(UserFormInterceptor)
  @UseFilters(new FormPageFilter('admin/user'))
  async sendReset(@Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const user = await this.users.get(pk);
    if (!(await this.passwords.sendResetLink(user, req.lang, staffActor(req)))) throw FormError.form('admin.users.resetNotSent', 'unavailable');
    redirectOrJson(req, res, `${LIST}${pk}/`, 'admin.users.resetSent', null, 204);
  }

  @Get(':pk/delete')
  async confirmDelete(@Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const user = await this.users.get(pk);
    respond(req, res, { view: 'admin/user-delete', title: 'admin.users.deleteTitle', model: { user }, json: user });
  }

  @Delete(':pk')
  @UseFilters(new FormPageFilter('admin/user-delete'))
  async remove(@Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    req.formModel = { user: await this.users.get(pk) };
    await this.users.remove(pk, staffActor(req));
    redirectOrJson(req, res, LIST, 'admin.users.deleted', null, 204);
  }

  /** The confirmation page's form. */
  @Post(':pk/delete')
  @UseFilters(new FormPageFilter('admin/user-delete'))
  removeForm(@Param('pk', PkPipe) pk: number, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    return this.remove(pk, req, res);
  }
}
