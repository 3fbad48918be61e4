import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { Strategy } from 'passport-http-bearer';
import type { VerifiedAccessToken } from '../access-token-verifier.service';
import { BearerAuthenticator, TokenScheme } from './bearer-authenticator.service';

export const BEARER_STRATEGY = 'bearer-jwt';

/** What passport-http-bearer sees of the request: the header only, and the request for the sender check. */
interface HeaderOnly {
  headers: IncomingHttpHeaders;
  request: FastifyRequest;
  scheme: TokenScheme;
}

/** passport-http-bearer over our JWT access tokens. */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, BEARER_STRATEGY) {
  constructor(private readonly bearer: BearerAuthenticator) {
    super({ passReqToCallback: true });
  }

  /**
   * Only the Authorization header is read: passport-http-bearer would also take
   * `access_token` from the query or body, which RFC 9700 §2.5 rules out.
   */
  override authenticate(req: { headers: IncomingHttpHeaders }, options?: object): void {
    const authorization = req.headers.authorization;
    // RFC 9449 §7.1: `Authorization: DPoP <token>` is read like a Bearer header, and remembered.
    const dpop = typeof authorization === 'string' && /^dpop /i.test(authorization);
    const headerOnly: HeaderOnly = {
      headers: { authorization: dpop ? `Bearer ${authorization.slice(5)}` : authorization },
      request: req as unknown as FastifyRequest,
      scheme: dpop ? 'DPoP' : 'Bearer',
    };
    super.authenticate(headerOnly as never, options);
  }

  validate(headerOnly: HeaderOnly, token: string): Promise<VerifiedAccessToken> {
    return this.bearer.authenticate(token, headerOnly.request, headerOnly.scheme);
  }
}
