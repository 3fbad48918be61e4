import { Injectable } from '@nestjs/common';
import { InsufficientScopeError, InvalidTokenError, TokenRequiredError } from '../../common/errors/oauth.error';
import { AccessTokenVerifier, VerifiedAccessToken } from '../access-token-verifier.service';

const DESCRIPTIONS = { malformed: 'The access token is not valid', expired: 'The access token expired', revoked: 'The access token was revoked' };

/**
 * The one bearer check (RFC 6750) behind every Bearer-authenticated route: the resource APIs
 * through passport (BearerStrategy, BearerGuard) and introspection by a resource server's
 * token. Failures are OAuthErrors carrying their WWW-Authenticate challenge.
 */
@Injectable()
export class BearerAuthenticator {
  constructor(private readonly verifier: AccessTokenVerifier) {}

  /**
   * The token of an `Authorization: Bearer …` header, read as passport-http-bearer reads it
   * (the scheme in any letter case); undefined for another scheme or none. Never the query
   * string or the body (RFC 9700 §2.5).
   */
  static tokenOf(authorization: string | undefined): string | undefined {
    const [scheme, token, ...rest] = (authorization ?? '').split(' ');
    return /^bearer$/i.test(scheme) && token && rest.length === 0 ? token : undefined;
  }

  /** Whether the header names the Bearer scheme at all (then it must be a valid Bearer token). */
  static isBearer(authorization: string | undefined): boolean {
    return /^bearer /i.test(authorization ?? '');
  }

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
