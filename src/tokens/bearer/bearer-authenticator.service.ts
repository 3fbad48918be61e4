import { Injectable } from '@nestjs/common';
import { DpopResourceError, InsufficientScopeError, InvalidTokenError, TokenRequiredError } from '../../common/errors/oauth.error';
import type { FastifyRequest } from 'fastify';
import { ClientCertificates } from '../../common/web/tls';
import { AccessTokenVerifier, VerifiedAccessToken } from '../access-token-verifier.service';
import { certificateThumbprint, confirms } from '../confirmation';
import { DpopProofProblem, DpopVerifier } from '../dpop/dpop-verifier.service';

export type TokenScheme = 'Bearer' | 'DPoP';

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
    private readonly dpop: DpopVerifier,
  ) {}

  /** The answer to a request that carried no token. */
  missing(): TokenRequiredError {
    return new TokenRequiredError();
  }

  async authenticate(token: string | undefined, req: FastifyRequest, scheme: TokenScheme = 'Bearer'): Promise<VerifiedAccessToken> {
    if (!token) throw this.missing();
    const check = await this.verifier.verify(token);
    if (!check.ok)
      throw scheme === 'DPoP' ? new DpopResourceError('invalid_token', DESCRIPTIONS[check.reason]) : new InvalidTokenError(DESCRIPTIONS[check.reason]);
    // Unbound Bearer tokens (the common case) pay nothing here.
    if (check.token.cnf || scheme === 'DPoP') await this.requireSender(check.token, token, req, scheme);
    return check.token;
  }

  /** A sender-constrained token works only with its DPoP key (RFC 9449 §7) and its certificate (RFC 8705 §3). */
  private async requireSender(verified: VerifiedAccessToken, token: string, req: FastifyRequest, scheme: TokenScheme): Promise<void> {
    const jkt = verified.cnf?.jkt;
    if (scheme === 'DPoP' && !jkt) throw new DpopResourceError('invalid_token', 'The access token is not DPoP-bound: send it as Bearer');
    if (jkt && scheme !== 'DPoP') throw new DpopResourceError('invalid_token', 'The access token is DPoP-bound: send it as DPoP with a proof');
    if (jkt && !confirms({ jkt }, await this.proofKey(req, token))) {
      throw new DpopResourceError('invalid_dpop_proof', 'The DPoP proof is signed by another key than the token is bound to');
    }
    const x5t = verified.cnf?.['x5t#S256'];
    const presented = x5t ? this.certificates.of(req) : null;
    if (x5t && !confirms({ 'x5t#S256': x5t }, presented ? { 'x5t#S256': certificateThumbprint(presented.cert) } : undefined)) {
      throw new InvalidTokenError('The access token is bound to a client certificate that was not presented');
    }
  }

  private async proofKey(req: FastifyRequest, token: string): Promise<{ jkt: string }> {
    try {
      return await this.dpop.verify(req, token);
    } catch (err) {
      if (!(err instanceof DpopProofProblem)) throw err;
      throw new DpopResourceError(err.nonce ? 'use_dpop_nonce' : 'invalid_dpop_proof', err.message, err.nonce);
    }
  }

  /** Any one of `anyOf` will do; none listed = any token. */
  requireScope(token: VerifiedAccessToken, anyOf: readonly string[]): void {
    if (anyOf.length > 0 && !anyOf.some((s) => token.scopes.includes(s))) throw new InsufficientScopeError(anyOf);
  }
}
