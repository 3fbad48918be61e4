import { Injectable } from '@nestjs/common';
import { AccessTokensService } from './access-tokens.service';
import { JwtCodec } from './keys/jwt-codec.service';
import { Confirmation, confirmationClaim } from './confirmation';

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

const isAtJwt = (typ: unknown) => typeof typ === 'string' && /^(application\/)?at\+jwt$/i.test(typ);

/** Checks signature, `typ`, `iss`, `aud` and `exp` (RFC 9068 §4), then the record by `jti` and its user's state. */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly jwt: JwtCodec,
    private readonly tokens: AccessTokensService,
  ) {}

  async verify(token: string, now = Date.now()): Promise<AccessTokenCheck> {
    const jwt = await this.jwt.verifyFresh(token, { typ: isAtJwt, issuer: this.tokens.issuer, audience: this.tokens.audience, now });
    if (!jwt.ok) return jwt;
    const p = jwt.payload;
    if (typeof p.jti !== 'string' || typeof p.exp !== 'number' || typeof p.iat !== 'number') return { ok: false, reason: 'malformed' };
    const record = await this.tokens.findByJti(p.jti);
    // A disabled user's tokens are refused while the account stays disabled (CONTRACT §7).
    if (!record || record.revokedAt || (record.userId !== null && !record.user?.isActive)) return { ok: false, reason: 'revoked' };
    return {
      ok: true,
      token: {
        jti: p.jti,
        userId: record.userId,
        clientId: String(p.client_id),
        applicationId: record.applicationId,
        scopes: record.scopes,
        sub: String(p.sub),
        aud: this.tokens.audience,
        iss: String(p.iss),
        iat: p.iat,
        exp: p.exp,
        cnf: confirmationClaim(p.cnf),
      },
    };
  }
}
