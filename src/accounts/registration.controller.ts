import { Body, Controller, Get, Header, HttpCode, Param, Post, Render, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { FormPageFilter } from '../common/filters/form-page.filter';
import type { SessionUser } from '../common/web/express-augment';
import { logIn, setFlash } from '../common/web/flash';
import { wantsJson } from '../common/web/wants-json';
import { RegisterDto } from './dto/register.dto';
import { RegistrationService } from './registration.service';

@Controller('accounts')
export class RegistrationController {
  constructor(private readonly registration: RegistrationService) {}

  @Public()
  @Get('register')
  @Render('accounts/register')
  @Header('Cache-Control', 'no-store')
  registerPage() {
    return { values: {}, errors: {} };
  }

  /** Creates the account, signs it in and sends the confirmation mail. */
  @Public()
  @Post('register')
  @UseFilters(new FormPageFilter('accounts/register'))
  async register(@Body() dto: RegisterDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    const user = await this.registration.register(dto, req.lang);
    await logIn(req, user);
    if (wantsJson(req)) {
      res.status(201).json({ id: user.id, username: user.username, email: user.email });
      return;
    }
    setFlash(req, 'accounts.register.done', { username: user.username, email: user.email });
    res.redirect(303, '/accounts/profile/');
  }

  @Public()
  @Get('verify_email/:token')
  @Header('Cache-Control', 'no-store')
  async verifyEmail(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const ok = await this.registration.verifyEmail(token);
    res.status(ok ? 200 : 400).render('accounts/verify-email', { ok });
  }

  /** Sends a fresh confirmation link to the signed-in user. */
  @Post('verify_email/resend')
  @HttpCode(303)
  @UseFilters(new FormPageFilter('accounts/verify-email', { resendFailed: true }))
  async resend(@CurrentUser() user: SessionUser, @Req() req: Request, @Res() res: Response): Promise<void> {
    await this.registration.sendVerification(user, req.lang);
    setFlash(req, 'accounts.verify.resent', { email: user.email });
    res.redirect(303, '/accounts/profile/');
  }
}
