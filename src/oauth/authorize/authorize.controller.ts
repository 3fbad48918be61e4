import { Controller, Get, Header, Post, Req, Res, UseFilters } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CurrentUser } from '../../common/decorators/current-user.decorator';
import type { SessionUser } from '../../common/web/express-augment';
import { AuthorizeErrorFilter } from './authorize-error.filter';
import { AuthorizeService } from './authorize.service';
import { consentPageCsp, consentView } from './consent-page';

/**
 * /oauth/authorize/ (RFC 6749 §3.1): GET asks for consent, POST is the answer. Sign-in is
 * required (the global session guard); the consent form carries a CSRF token. No CORS here.
 */
@Controller('oauth')
@UseFilters(AuthorizeErrorFilter)
export class AuthorizeController {
  constructor(private readonly authorize: AuthorizeService) {}

  @Get('authorize')
  @Header('Cache-Control', 'no-store')
  async show(@Req() req: Request, @Res() res: Response, @CurrentUser() user: SessionUser): Promise<void> {
    const request = await this.authorize.parse(req.query as Record<string, unknown>);
    // Consent already given (or not needed): nothing to record again.
    if (!(await this.authorize.needsConsent(user.id, request))) {
      return res.redirect(303, await this.authorize.respond(user.id, request));
    }
    res.setHeader('Content-Security-Policy', consentPageCsp(request.target.redirectUri));
    res.render('oauth/authorize', consentView(req.lang, request, user.username));
  }

  @Post('authorize')
  @Header('Cache-Control', 'no-store')
  async answer(@Req() req: Request, @Res() res: Response, @CurrentUser() user: SessionUser): Promise<void> {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const request = await this.authorize.parse(body);
    // 303 so the browser follows with a GET and never re-posts the form (RFC 9700 §4.12).
    if (body.decision === 'allow') return res.redirect(303, await this.authorize.approve(user.id, request));
    res.redirect(303, this.authorize.deny(request));
  }
}
