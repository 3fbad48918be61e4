import { Injectable } from '@nestjs/common';
import { InsufficientScopeError, InvalidTokenError, TokenRequiredError } from '../../common/errors/oauth.error';
import type { FastifyRequest } from 'fastify';
import { ClientCertificates } from '../../common/web/tls';
import { AccessTokenVerifier, VerifiedAccessToken } from '../access-token-verifier.service';
import { certificateThumbprint, confirms } from '../confirmation';

const DESCRIPTIONS = { malformed: 'The access token is not valid', expired: 'The access token expired', revoked: 'The access token was revoked' };

/**
 * The one bearer check (RFC 6750) behind every Bearer-authenticated route, through passport
 * (BearerStrategy reads the header, BearerGuard asks for the scopes). Failures are OAuthErrors
 * carrying their WWW-Authenticate challenge.
 */
@Injectable()
export class BearerAuthenticator {
  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly certificates: ClientCertificates,
  ) {}

  /** The answer to a request that carried no token. */
  missing(): TokenRequiredError {
    return new TokenRequiredError();
  }

  async authenticate(token: string | undefined, req: FastifyRequest): Promise<VerifiedAccessToken> {
    if (!token) throw this.missing();
    const check = await this.verifier.verify(token);
    if (!check.ok) throw new InvalidTokenError(DESCRIPTIONS[check.reason]);
    // Unbound tokens (the common case) pay nothing here.
    if (check.token.cnf) this.requireSender(check.token, req);
    return check.token;
  }

  /** A sender-constrained token works only with its certificate (RFC 8705 §3). */
  private requireSender(token: VerifiedAccessToken, req: FastifyRequest): void {
    const presented = this.certificates.of(req);
    const x5t = token.cnf!['x5t#S256'];
    if (x5t && !confirms({ 'x5t#S256': x5t }, presented ? { 'x5t#S256': certificateThumbprint(presented.cert) } : undefined)) {
      throw new InvalidTokenError('The access token is bound to a client certificate that was not presented');
    }
  }

  /** Any one of `anyOf` will do; none listed = any token. */
  requireScope(token: VerifiedAccessToken, anyOf: readonly string[]): void {
    if (anyOf.length > 0 && !anyOf.some((s) => token.scopes.includes(s))) throw new InsufficientScopeError(anyOf);
  }
}
