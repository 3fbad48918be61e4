import { Controller, Header, HttpCode, Post, Req, UseFilters } from '@nestjs/common';
import type { Request } from 'express';
import type { TokenResponse } from '../../authorized-tokens/token-issuer.service';
import { Public } from '../../common/decorators/public.decorator';
import { SkipCsrf } from '../../common/decorators/skip-csrf.decorator';
import { OAuthErrorFilter } from '../errors/oauth-error.filter';
import { TokenService } from './token.service';

/** POST /oauth/token/: client-authenticated, so neither a session nor a CSRF token applies. */
@Controller('oauth')
@Public()
@SkipCsrf()
@UseFilters(OAuthErrorFilter)
export class TokenController {
  constructor(private readonly tokens: TokenService) {}

  @Post('token')
  @HttpCode(200)
  @Header('Cache-Control', 'no-store')
  @Header('Pragma', 'no-cache')
  token(@Req() req: Request): Promise<TokenResponse> {
    return this.tokens.exchange(req);
  }
}
