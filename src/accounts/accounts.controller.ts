import { Body, Controller, Get, Header, HttpCode, Post, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuditService } from '../audit/audit.service';
import { Public } from '../common/decorators/public.decorator';
import { FormPageFilter } from '../common/filters/form-page.filter';
import { loginPageCsp } from '../common/web/csp';
import { Policy } from '../common/web/route-policy';
import { render } from '../common/web/views';
import { wantsJson } from '../common/web/wants-json';
import { LoginGuard } from './login.guard';
import { safeNext } from './safe-next';
import { SESSION_COOKIE } from './session.constants';
import { logOut } from './session-user';

/** Sign-in, sign-out and the profile. */
@Controller('accounts')
export class AccountsController {
  constructor(private readonly audit: AuditService) {}

  @Public()
  @Policy({ csp: loginPageCsp })
  @Get('login')
  @Header('Cache-Control', 'no-store')
  loginPage(@Query('next') next: unknown, @Query('login_hint') hint: unknown, @Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    // OpenID Connect login_hint (sent on by the authorization endpoint) pre-fills the form.
    const values = typeof hint === 'string' && hint.length <= 254 ? { username: hint } : {};
    render(req, res, 'accounts/login', { next: safeNext(next, ''), alreadySignedIn: !!req.user, values });
  }

  @Public()
  @Policy({ csp: loginPageCsp })
  @Post('login')
  @HttpCode(303)
  @UseGuards(LoginGuard)
  @UseFilters(new FormPageFilter('accounts/login'))
  login(@Req() req: FastifyRequest, @Res() res: FastifyReply, @Body('next') next: unknown): void {
    if (wantsJson(req)) {
      const user = req.user!;
      res.status(200).send({ id: user.id, username: user.username, email: user.email });
      return;
    }
    res.redirect(safeNext(next), 303);
  }

  @Public()
  @Post('logout')
  @HttpCode(303)
  async logout(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    await logOut(req, this.audit);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    if (wantsJson(req)) res.status(204).send();
    else res.redirect('/accounts/login/', 303);
  }
}
