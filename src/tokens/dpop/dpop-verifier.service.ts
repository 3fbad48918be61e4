import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { calculateJwkThumbprint, EmbeddedJWK, jwtVerify, type JWTPayload } from 'jose';
import { DPOP_ALGS } from '../../common/errors/oauth.error';
import { appConfig, AppConfig, tlsConfig, TlsConfig } from '../../config/configuration';
import { DpopNonces } from './dpop-nonces';
import { DpopReplayStore } from './dpop-replay.store';

/** How far a proof's `iat` may be from our clock (RFC 9449 §11.1). */
const IAT_WINDOW_SECONDS = 60;

/** Why a DPoP proof was refused; `nonce` set when a (new) server nonce is the remedy. */
export class DpopProofProblem extends Error {
  constructor(
    message: string,
    readonly nonce?: string,
  ) {
    super(message);
  }
}

/**
 * Checks a DPoP proof (RFC 9449 §4.3) with jose: one `DPoP` header, `typ: dpop+jwt`, an
 * asymmetric algorithm, signed by the public JWK in its header; `htm` and `htu` of this
 * request, `iat` within a minute, `ath` of the access token at a resource, the server nonce
 * when DPOP_REQUIRE_NONCE is on, and a `jti` never seen before. Answers the key's thumbprint.
 */
@Injectable()
export class DpopVerifier {
  private readonly origin: string;

  constructor(
    private readonly nonces: DpopNonces,
    private readonly replay: DpopReplayStore,
    @Inject(tlsConfig.KEY) private readonly config: TlsConfig,
    @Inject(appConfig.KEY) app: AppConfig,
  ) {
    this.origin = new URL(app.issuer).origin;
  }

  async verify(req: FastifyRequest, accessToken?: string): Promise<{ jkt: string }> {
    const proof = req.headers.dpop;
    if (typeof proof !== 'string' || proof.length > 8192) throw new DpopProofProblem('Send exactly one DPoP proof');
    let payload: JWTPayload;
    let jwk: Record<string, unknown>;
    try {
      const verified = await jwtVerify(proof, EmbeddedJWK, { typ: 'dpop+jwt', algorithms: DPOP_ALGS });
      payload = verified.payload;
      jwk = verified.protectedHeader.jwk as Record<string, unknown>;
    } catch {
      throw new DpopProofProblem('The DPoP proof is not a valid dpop+jwt signed by the key in its header');
    }
    if ('d' in jwk) throw new DpopProofProblem('The DPoP proof header carries a private key');
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.jti !== 'string' || payload.jti === '' || payload.jti.length > 256) throw new DpopProofProblem('The DPoP proof has no jti');
    if (payload.htm !== req.method) throw new DpopProofProblem('The DPoP proof is for another HTTP method (htm)');
    if (!this.sameUri(payload.htu, req.url)) throw new DpopProofProblem('The DPoP proof is for another URI (htu)');
    if (typeof payload.iat !== 'number' || Math.abs(now - payload.iat) > IAT_WINDOW_SECONDS)
      throw new DpopProofProblem('The DPoP proof is stale or from the future (iat)');
    if (accessToken !== undefined && payload.ath !== createHash('sha256').update(accessToken).digest('base64url')) {
      throw new DpopProofProblem('The DPoP proof is for another access token (ath)');
    }
    if (this.config.dpopRequireNonce && !this.nonces.valid(payload.nonce))
      throw new DpopProofProblem('A fresh server nonce is required', this.nonces.current());
    const jkt = await calculateJwkThumbprint(jwk);
    if (!(await this.replay.firstUse(`${jkt}:${payload.jti}`, new Date((now + 2 * IAT_WINDOW_SECONDS) * 1000)))) {
      throw new DpopProofProblem('The DPoP proof was used before (jti)');
    }
    return { jkt };
  }

  /** RFC 9449 §4.3 (9): the request's URI without query and fragment, on our public origin. */
  private sameUri(htu: unknown, url: string): boolean {
    if (typeof htu !== 'string' || !URL.canParse(htu)) return false;
    const presented = new URL(htu);
    const path = url.split('?')[0];
    return presented.origin === this.origin && presented.pathname === path;
  }
}
