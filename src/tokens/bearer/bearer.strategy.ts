import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { IncomingHttpHeaders } from 'node:http';
import { Strategy } from 'passport-http-bearer';
import type { VerifiedAccessToken } from '../access-token-verifier.service';
import { BearerAuthenticator } from './bearer-authenticator.service';

export const BEARER_STRATEGY = 'bearer-jwt';

/** passport-http-bearer over our JWT access tokens. */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, BEARER_STRATEGY) {
  constructor(private readonly bearer: BearerAuthenticator) {
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

  validate(token: string): Promise<VerifiedAccessToken> {
    return this.bearer.authenticate(token);
  }
}
