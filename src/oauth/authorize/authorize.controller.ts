import { Controller, Get, Header, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { auditActor } from '../../audit/audit-context';
import { requestReauthentication, sessionAuthentication } from '../../accounts/session-user';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import { Public } from '../../common/decorators/public.decorator';
import { LoginRequiredError } from '../../common/errors/form.error';
import type { SessionUser } from '../../common/web/request-augment';
import { render } from '../../common/web/views';
import { AuthorizeErrorFilter } from './authorize-error.filter';
import { AuthorizeService } from './authorize.service';
import { consentPageCsp, consentView } from './consent-page';

/**
 * /oauth/authorize/ (RFC 6749 §3.1): GET asks for consent, POST is the answer. GET checks the
 * sign-in itself (prompt=none answers the client instead of showing the sign-in page); the
 * consent form needs the session and carries a CSRF token. No CORS here.
 */
@Controller('oauth')
@UseFilters(AuthorizeErrorFilter)
export class AuthorizeController {
  constructor(private readonly authorize: AuthorizeService) {}

  @Get('authorize')
  @Public()
  @Header('Cache-Control', 'no-store')
  async show(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const request = await this.authorize.parse(req.query as Record<string, unknown>);
    const session = sessionAuthentication(req);
    if (this.authorize.needsSignIn(request, session)) {
      if (request.prompt.has('none')) throw this.authorize.noInteraction(request, 'login');
      requestReauthentication(req);
      return void res.redirect(this.authorize.signInLocation(request, req.url), 303);
    }
    const user = req.user!;
    // Consent already given (or not needed): nothing to record again.
    if (!(await this.authorize.needsConsent(user.id, request))) {
      return void res.redirect(await this.authorize.respond(user.id, session!, request), 303);
    }
    if (request.prompt.has('none')) throw this.authorize.noInteraction(request, 'consent');
    res.header('Content-Security-Policy', consentPageCsp(request.target.redirectUri));
    render(req, res, 'oauth/authorize', consentView(req.lang, request, user.username));
  }

  @Post('authorize')
  @Header('Cache-Control', 'no-store')
  async answer(@Req() req: FastifyRequest, @Res() res: FastifyReply, @CurrentUser() user: SessionUser): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const request = await this.authorize.parse(body);
    const session = sessionAuthentication(req);
    if (!session) throw new LoginRequiredError();
    // 303 so the browser follows with a GET and never re-posts the form (RFC 9700 §4.12).
    if (body.decision === 'allow') return void res.redirect(await this.authorize.approve(user.id, session, request, auditActor(req)), 303);
    res.redirect(this.authorize.deny(request), 303);
  }
}
