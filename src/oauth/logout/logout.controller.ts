import { Controller, Get, Header, HttpCode, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SESSION_COOKIE } from '../../accounts/session.constants';
import { logOut } from '../../accounts/session-user';
import { AuditService } from '../../audit/audit.service';
import { Public } from '../../common/decorators/public.decorator';
import { SkipCsrf } from '../../common/decorators/skip-csrf.decorator';
import { translate } from '../../common/i18n/i18n';
import { render } from '../../common/web/views';
import { AuthorizeErrorFilter } from '../authorize/authorize-error.filter';
import { consentPageCsp } from '../authorize/consent-page';
import { LogoutRequest, LogoutService } from './logout.service';

/**
 * OIDC RP-Initiated Logout 1.0 at /oauth/logout/ (GET or POST from the relying party). With an
 * `id_token_hint` for the signed-in user, the session ends at once; otherwise the user
 * confirms (the form posts to …/confirm/ with its CSRF token). Errors are pages.
 */
@Controller('oauth/logout')
@Public()
@UseFilters(AuthorizeErrorFilter)
export class LogoutController {
  constructor(
    private readonly logout: LogoutService,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async get(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    await this.start(req, res, req.query as Record<string, unknown>);
  }

  // The relying party's own form post carries no CSRF token of ours; signing out is all it can cause.
  @Post()
  @SkipCsrf()
  @HttpCode(303)
  @Header('Cache-Control', 'no-store')
  async post(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    await this.start(req, res, (req.body ?? {}) as Record<string, unknown>);
  }

  @Post('confirm')
  @HttpCode(303)
  @Header('Cache-Control', 'no-store')
  async confirm(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    await this.finish(req, res, await this.logout.parse((req.body ?? {}) as Record<string, unknown>));
  }

  @Get('done')
  @Header('Cache-Control', 'no-store')
  done(@Req() req: FastifyRequest, @Res() res: FastifyReply): void {
    render(req, res, 'oauth/logged-out', { title: translate(req.lang, 'oauth.logout.doneTitle') });
  }

  private async start(req: FastifyRequest, res: FastifyReply, raw: Record<string, unknown>): Promise<void> {
    const request = await this.logout.parse(raw);
    // Nobody to sign out, or the hint names this very user: nothing to ask.
    if (!req.user || request.hint?.sub === String(req.user.id)) return this.finish(req, res, request);
    if (request.redirectUri) res.header('Content-Security-Policy', consentPageCsp(request.redirectUri));
    const fields = Object.entries(request.params).map(([name, value]) => ({ name, value }));
    render(req, res, 'oauth/logout', { title: translate(req.lang, 'oauth.logout.title'), username: req.user.username, fields });
  }

  private async finish(req: FastifyRequest, res: FastifyReply, request: LogoutRequest): Promise<void> {
    await logOut(req, this.audit);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    // 303 so the browser follows with a GET (RFC 9700 §4.12); no redirect URI: our own page.
    res.redirect(this.logout.location(request) ?? '/oauth/logout/done/', 303);
  }
}
