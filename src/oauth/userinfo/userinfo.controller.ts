import { Controller, Get, Header, HttpCode, Post, UseFilters } from '@nestjs/common';
import { InvalidTokenError } from '../../common/errors/oauth.error';
import { Policy } from '../../common/web/route-policy';
import type { VerifiedAccessToken } from '../../tokens/access-token-verifier.service';
import { BearerAuth, BearerToken } from '../../tokens/bearer/bearer-auth.decorator';
import { BearerErrorFilter } from '../../tokens/bearer/bearer-error.filter';
import { UserClaims, UserinfoService } from './userinfo.service';

/**
 * OIDC Core §5.3: the signed-in user's claims for an access token with scope `openid`; GET or
 * POST, the token only in the Authorization header. Errors as the resource APIs (RFC 6750 §3).
 */
@Controller('oauth/userinfo')
@UseFilters(BearerErrorFilter)
@Policy({ cors: true })
export class UserinfoController {
  constructor(private readonly userinfo: UserinfoService) {}

  @Get()
  @BearerAuth('openid')
  @Header('Cache-Control', 'no-store')
  get(@BearerToken() token: VerifiedAccessToken): Promise<UserClaims> {
    return this.claims(token);
  }

  @Post()
  @HttpCode(200)
  @BearerAuth('openid')
  @Header('Cache-Control', 'no-store')
  post(@BearerToken() token: VerifiedAccessToken): Promise<UserClaims> {
    return this.claims(token);
  }

  private async claims(token: VerifiedAccessToken): Promise<UserClaims> {
    const claims = token.userId === null ? null : await this.userinfo.claims(token.userId, token.scopes);
    if (!claims) throw new InvalidTokenError('The access token represents no active user');
    return claims;
  }
}
