import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { appConfig, AppConfig, oauthConfig, OAuthConfig } from '../config/configuration';
import { JwtCodec } from './keys/jwt-codec.service';

/** What the sign-in behind an authorization adds to its ID token (OIDC Core §2). */
export interface Authentication {
  /** When the user signed in (epoch seconds). */
  authTime: number;
  /** The sign-in session's public id (not its cookie). */
  sid: string;
  nonce: string | null;
}

export interface IdTokenRequest extends Authentication {
  clientId: string;
  sub: string;
  /** The access token issued beside it, hashed into `at_hash`. */
  accessToken?: string;
  /** Identity claims (response_type=id_token: no access token to call userinfo with). */
  claims?: Record<string, unknown>;
}

/** What an `id_token_hint` names, once its signature and issuer are checked. */
export interface IdTokenHint {
  sub: string;
  clientId: string;
  sid?: string;
}

/** OIDC Core §3.1.3.6: the left half of the access token's hash; SHA-256 is the hash of both our algorithms (ES256, RS256). */
export function atHash(accessToken: string): string {
  const digest = createHash('sha256').update(accessToken, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

const isJwt = (typ: unknown) => typ === 'JWT';

/** ID tokens (OIDC Core §2), signed with the access tokens' keys but their own `typ`. */
@Injectable()
export class IdTokensService {
  constructor(
    private readonly jwt: JwtCodec,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
    @Inject(oauthConfig.KEY) private readonly config: OAuthConfig,
  ) {}

  sign(req: IdTokenRequest): string {
    const iat = Math.floor(Date.now() / 1000);
    return this.jwt.sign('JWT', {
      ...req.claims,
      iss: this.app.issuer,
      sub: req.sub,
      aud: req.clientId,
      exp: iat + this.config.accessTokenTtlSeconds,
      iat,
      auth_time: req.authTime,
      ...(req.nonce !== null ? { nonce: req.nonce } : {}),
      ...(req.accessToken ? { at_hash: atHash(req.accessToken) } : {}),
      sid: req.sid,
    });
  }

  /**
   * RP-Initiated Logout §2: a hint we signed is accepted even when it has expired, and when
   * another instance signed it with a key this one has not loaded yet.
   */
  async verifyHint(token: string): Promise<IdTokenHint | null> {
    const check = await this.jwt.verifyFresh(token, { typ: isJwt, issuer: this.app.issuer, ignoreExpiration: true });
    if (!check.ok) return null;
    const { sub, aud, sid } = check.payload;
    if (typeof sub !== 'string' || typeof aud !== 'string') return null;
    return { sub, clientId: aud, ...(typeof sid === 'string' ? { sid } : {}) };
  }
}
