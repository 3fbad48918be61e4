import { Body, Controller, Get, Header, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { auditActor } from '../audit/audit-context';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { FormPageFilter } from '../common/filters/form-page.filter';
import type { SessionUser } from '../common/web/request-augment';
import { setFlash } from '../common/web/flash';
import { render } from '../common/web/views';
import { wantsJson } from '../common/web/wants-json';
import { ChangePasswordDto } from './dto/password-reset.dto';
import { PasswordsService } from './passwords.service';
import { logIn } from './session-user';
import { UsersService } from './users.service';

/** The signed-in user's own profile and password change. */
@Controller('accounts/profile')
export class ProfileController {
  constructor(
    private readonly users: UsersService,
    private readonly passwords: PasswordsService,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async show(@CurrentUser() user: SessionUser, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    if (wantsJson(req)) {
      res.send({ id: user.id, username: user.username, email: user.email, email_verified: user.emailVerified });
      return;
    }
    render(req, res, 'accounts/profile', await this.users.profile(user.id));
  }

  @Post()
  @UseFilters(new FormPageFilter('accounts/profile'))
  async changePassword(@CurrentUser() user: SessionUser, @Body() dto: ChangePasswordDto, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    req.formModel = await this.users.profile(user.id);
    await this.passwords.changePassword(user, dto, auditActor(req));
    // Every session of the user ended with the old password; this one goes on under a new id.
    await logIn(req, user);
    if (wantsJson(req)) {
      res.status(204).send();
      return;
    }
    setFlash(req, 'accounts.profile.changed');
    res.redirect('/accounts/profile/', 303);
  }
}
