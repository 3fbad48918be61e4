import { Injectable } from '@nestjs/common';
import { InsufficientScopeError, InvalidTokenError, TokenRequiredError } from '../../common/errors/oauth.error';
import { AccessTokenVerifier, VerifiedAccessToken } from '../access-token-verifier.service';

const DESCRIPTIONS = { malformed: 'The access token is not valid', expired: 'The access token expired', revoked: 'The access token was revoked' };

/**
 * The one bearer check (RFC 6750) behind every Bearer-authenticated route, through passport
 * (BearerStrategy reads the header, BearerGuard asks for the scopes). Failures are OAuthErrors
 * carrying their WWW-Authenticate challenge.
 */
@Injectable()
export class BearerAuthenticator {
  constructor(private readonly verifier: AccessTokenVerifier) {}

  /** The answer to a request that carried no token. */
  missing(): TokenRequiredError {
    return new TokenRequiredError();
  }

  async authenticate(token: string | undefined): Promise<VerifiedAccessToken> {
    if (!token) throw this.missing();
    const check = await this.verifier.verify(token);
    if (!check.ok) throw new InvalidTokenError(DESCRIPTIONS[check.reason]);
    return check.token;
  }

  /** Any one of `anyOf` will do; none listed = any token. */
  requireScope(token: VerifiedAccessToken, anyOf: readonly string[]): void {
    if (anyOf.length > 0 && !anyOf.some((s) => token.scopes.includes(s))) throw new InsufficientScopeError(anyOf);
  }
}
