import { Body, Controller, Get, Header, HttpCode, Inject, Param, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { auditActor } from '../audit/audit-context';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { Public } from '../common/decorators/public.decorator';
import { FormPageFilter } from '../common/filters/form-page.filter';
import type { SessionUser } from '../common/web/request-augment';
import { setFlash } from '../common/web/flash';
import { Policy } from '../common/web/route-policy';
import { render } from '../common/web/views';
import { wantsJson } from '../common/web/wants-json';
import { accountsConfig, AccountsConfig } from '../config/configuration';
import { RegisterDto } from './dto/register.dto';
import { RegistrationService } from './registration.service';
import { logIn } from './session-user';

@Controller('accounts')
export class RegistrationController {
  constructor(
    private readonly registration: RegistrationService,
    @Inject(accountsConfig.KEY) private readonly config: AccountsConfig,
  ) {}

  @Public()
  @Get('register')
  @Header('Cache-Control', 'no-store')
  registerPage(@Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    render(req, res, 'accounts/register', { values: {}, errors: {} });
  }

  /**
   * The same answer whether or not the address has an account (only the mail differs):
   * "check your mail", and the link in it creates the account.
   */
  @Public()
  @Post('register')
  @UseFilters(new FormPageFilter('accounts/register'))
  async register(@Body() dto: RegisterDto, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    await this.registration.register(dto, req.ip, req.lang);
    if (wantsJson(req)) {
      res.status(202).send({ status: 'confirmation_sent' });
      return;
    }
    res.redirect('/accounts/register/done/', 303);
  }

  @Public()
  @Get('register/done')
  registerDone(@Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    render(req, res, 'accounts/register-done', { hours: Math.round(this.config.emailVerificationTtlSeconds / 3600) });
  }

  /** Shows what the link would create; only the form below creates it (mail scanners follow links). */
  @Public()
  @Policy({ secretInPath: true })
  @Get('register/confirm/:token')
  @Header('Cache-Control', 'no-store')
  async confirmPage(@Param('token') token: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const pending = await this.registration.pendingFor(token);
    render(req, res, 'accounts/register-confirm', { pending }, pending ? 200 : 400);
  }

  @Public()
  @Policy({ secretInPath: true })
  @Post('register/confirm/:token')
  @UseFilters(new FormPageFilter('accounts/register-confirm'))
  async confirm(@Param('token') token: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const user = await this.registration.confirm(token, auditActor(req));
    await logIn(req, user);
    if (wantsJson(req)) {
      res.status(201).send({ id: user.id, username: user.username, email: user.email });
      return;
    }
    setFlash(req, 'accounts.register.done', { username: user.username });
    res.redirect('/accounts/profile/', 303);
  }

  @Public()
  @Policy({ secretInPath: true })
  @Get('verify_email/:token')
  @Header('Cache-Control', 'no-store')
  async verifyEmail(@Param('token') token: string, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const ok = await this.registration.verifyEmail(token, auditActor(req));
    render(req, res, 'accounts/verify-email', { ok }, ok ? 200 : 400);
  }

  /** Sends a fresh confirmation link to the signed-in user. */
  @Post('verify_email/resend')
  @HttpCode(303)
  @UseFilters(new FormPageFilter('accounts/verify-email', { resendFailed: true }))
  async resend(@CurrentUser() user: SessionUser, @Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    await this.registration.sendVerification(user, req.lang);
    setFlash(req, 'accounts.verify.resent', { email: user.email });
    res.redirect('/accounts/profile/', 303);
  }
}
