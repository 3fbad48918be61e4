import { Inject, Injectable } from '@nestjs/common';
import { oauthConfig, OAuthConfig } from '../config/configuration';
import { AccessTokensService } from './access-tokens.service';
import { JwtCodec } from './keys/jwt-codec.service';
import { SigningKeysService } from './keys/signing-keys.service';
import { Confirmation, confirmationClaim } from './confirmation';
import { VerifiedTokenCache } from './verified-token-cache';

/** What a verified, live access token grants: exposed to resource handlers as `req.bearerToken`. */
export interface VerifiedAccessToken {
  jti: string;
  /** The user who authorized it; null for client_credentials tokens. */
  userId: number | null;
  clientId: string;
  applicationId: number;
  scopes: string[];
  sub: string;
  aud: string;
  iss: string;
  iat: number;
  exp: number;
  /** Present on a sender-constrained token: the certificate or DPoP key it needs. */
  cnf?: Confirmation;
}

export type AccessTokenCheck = { ok: true; token: VerifiedAccessToken } | { ok: false; reason: 'malformed' | 'expired' | 'revoked' };

/** What the signature of an access token proves, whoever asks and whenever (until `exp`). */
type SignedClaims = Pick<VerifiedAccessToken, 'jti' | 'clientId' | 'sub' | 'iss' | 'iat' | 'exp' | 'cnf'>;

const isAtJwt = (typ: unknown) => typeof typ === 'string' && /^(application\/)?at\+jwt$/i.test(typ);

/**
 * Checks signature, `typ`, `iss`, `aud` and `exp` (RFC 9068 §4), then the record by `jti` and
 * its user's state. A token verified before skips the signature check (VerifiedTokenCache);
 * the record is read every time, so revocation counts at once on every instance.
 */
@Injectable()
export class AccessTokenVerifier {
  private readonly verified: VerifiedTokenCache<SignedClaims>;

  constructor(
    private readonly jwt: JwtCodec,
    private readonly tokens: AccessTokensService,
    keys: SigningKeysService,
    @Inject(oauthConfig.KEY) config: OAuthConfig,
  ) {
    this.verified = new VerifiedTokenCache(config.verifiedTokenCacheSize);
    keys.onKeyRemoved((kid) => this.verified.forgetKey(kid));
  }

  async verify(token: string, now = Date.now()): Promise<AccessTokenCheck> {
    const claims = await this.signedClaims(token, now);
    if (!claims.ok) return claims;
    const c = claims.claims;
    const record = await this.tokens.findByJti(c.jti);
    // A disabled user's tokens are refused while the account stays disabled (CONTRACT §7).
    if (!record || record.revokedAt || (record.userId !== null && !record.user?.isActive)) return { ok: false, reason: 'revoked' };
    return {
      ok: true,
      token: {
        jti: c.jti,
        userId: record.userId,
        clientId: c.clientId,
        applicationId: record.applicationId,
        scopes: record.scopes,
        sub: c.sub,
        aud: this.tokens.audience,
        iss: c.iss,
        iat: c.iat,
        exp: c.exp,
        cnf: c.cnf,
      },
    };
  }

  private async signedClaims(token: string, now: number): Promise<{ ok: true; claims: SignedClaims } | Extract<AccessTokenCheck, { ok: false }>> {
    const digest = this.verified.digest(token);
    const known = this.verified.get(digest, now, (key) => this.jwt.isPublished(key));
    if (known) return { ok: true, claims: known };
    const jwt = await this.jwt.verifyFresh(token, { typ: isAtJwt, issuer: this.tokens.issuer, audience: this.tokens.audience, now });
    if (!jwt.ok) return jwt;
    const p = jwt.payload;
    if (typeof p.jti !== 'string' || typeof p.exp !== 'number' || typeof p.iat !== 'number') return { ok: false, reason: 'malformed' };
    const claims: SignedClaims = {
      jti: p.jti,
      clientId: String(p.client_id),
      sub: String(p.sub),
      iss: String(p.iss),
      iat: p.iat,
      exp: p.exp,
      cnf: confirmationClaim(p.cnf),
    };
    this.verified.set(digest, claims, jwt.key, p.exp * 1000);
    return { ok: true, claims };
  }
}
