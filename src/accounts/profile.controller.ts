import { Body, Controller, Get, Header, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { FormPageFilter } from '../common/filters/form-page.filter';
import type { SessionUser } from '../common/web/express-augment';
import { setFlash } from '../common/web/flash';
import { wantsJson } from '../common/web/wants-json';
import { ChangePasswordDto } from './dto/password-reset.dto';
import { PasswordsService } from './passwords.service';
import { UsersService } from './users.service';

/** The signed-in user's own profile and password change. */
@Controller('accounts/profile')
export class ProfileController {
  constructor(private readonly users: UsersService, private readonly passwords: PasswordsService) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async show(@CurrentUser() user: SessionUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    if (wantsJson(req)) {
      res.json({ id: user.id, username: user.username, email: user.email, email_verified: user.emailVerified });
      return;
    }
    res.render('accounts/profile', await this.users.profile(user.id));
  }

  @Post()
  @UseFilters(new FormPageFilter('accounts/profile'))
  async changePassword(@CurrentUser() user: SessionUser, @Body() dto: ChangePasswordDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    res.locals.formModel = await this.users.profile(user.id);
    await this.passwords.changePassword(user.id, user.username, dto, req.sessionID);
    if (wantsJson(req)) {
      res.status(204).end();
      return;
    }
    setFlash(req, 'accounts.profile.changed');
    res.redirect(303, '/accounts/profile/');
  }
}
