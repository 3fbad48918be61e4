import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { IncomingHttpHeaders } from 'node:http';
import { Strategy } from 'passport-http-bearer';
import { AccessTokenVerifier, VerifiedAccessToken } from '../access-token-verifier.service';
import { bearerChallenge, InvalidBearerTokenError } from './bearer-errors';

export const BEARER_STRATEGY = 'bearer-jwt';

const DESCRIPTIONS = { malformed: 'The access token is not valid', expired: 'The access token expired', revoked: 'The access token was revoked' };

/** passport-http-bearer over our JWT access tokens. */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, BEARER_STRATEGY) {
  constructor(private readonly verifier: AccessTokenVerifier) {
    super();
  }

  /**
   * Only the Authorization header is read: passport-http-bearer would also take
   * `access_token` from the query or body, which RFC 9700 §2.5 rules out.
   */
  override authenticate(req: { headers: IncomingHttpHeaders }, options?: object): void {
    const headerOnly = { headers: { authorization: req.headers.authorization } };
    super.authenticate(headerOnly as never, options);
  }

  async validate(token: string): Promise<VerifiedAccessToken> {
    const check = await this.verifier.verify(token);
    if (!check.ok) throw new InvalidBearerTokenError(bearerChallenge('invalid_token', DESCRIPTIONS[check.reason]), DESCRIPTIONS[check.reason]);
    return check.token;
  }
}
