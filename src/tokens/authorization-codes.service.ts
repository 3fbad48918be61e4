import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Application } from '../applications/application.entity';
import { randomToken, sha256Hex, uuidV7 } from '../common/crypto/tokens';
import { oauthConfig, OAuthConfig } from '../config/configuration';
import { findOneWhere, insertRow, updateWhere } from '../database/direct-rows';
import { AuthorizationCode } from './authorization-code.entity';
import type { Authentication } from './id-tokens.service';
import { RefreshTokensService } from './refresh-tokens.service';

export interface NewAuthorizationCode {
  app: Application;
  userId: number;
  redirectUri: string;
  redirectUriGiven: boolean;
  scopes: string[];
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | 'plain' | null;
  /** The sign-in behind it (scope openid: the ID token's auth_time, sid, nonce). */
  authentication: Authentication;
}

/** Authorization codes: random, stored as SHA-256, single-use, bound to client, URI and PKCE. */
@Injectable()
export class AuthorizationCodesService {
  constructor(
    @InjectRepository(AuthorizationCode) private readonly codes: Repository<AuthorizationCode>,
    private readonly refreshTokens: RefreshTokensService,
    @Inject(oauthConfig.KEY) private readonly config: OAuthConfig,
  ) {}

  async create(input: NewAuthorizationCode): Promise<string> {
    const code = randomToken(32);
    await insertRow(this.codes, {
      codeHash: sha256Hex(code),
      applicationId: input.app.id,
      userId: input.userId,
      redirectUri: input.redirectUri,
      redirectUriGiven: input.redirectUriGiven,
      scopes: input.scopes,
      codeChallenge: input.codeChallenge,
      codeChallengeMethod: input.codeChallengeMethod,
      nonce: input.authentication.nonce,
      authTime: input.authentication.authTime,
      sid: input.authentication.sid,
      // Known before redemption, so a replay can revoke what the first use issued.
      familyId: uuidV7(),
      expiresAt: new Date(Date.now() + this.config.codeTtlSeconds * 1000),
      usedAt: null,
      replayedAt: null,
    });
    return code;
  }

  findByCode(code: string): Promise<AuthorizationCode | null> {
    if (code.length > 512) return Promise.resolve(null);
    return findOneWhere(this.codes, { codeHash: sha256Hex(code) });
  }

  /** Single use, race-safe: only the request whose UPDATE changes the row wins. */
  async claim(id: number, now = new Date()): Promise<boolean> {
    return (await updateWhere(this.codes, { usedAt: now }, { id, usedAt: null })) === 1;
  }

  /**
   * RFC 6749 §4.1.2: a code used twice revokes the tokens issued for it. The mark comes first:
   * a first redemption still writing its tokens checks it afterwards (`wasReplayed`), so
   * whichever of the two finishes last revokes them.
   */
  async rejectReplay(code: AuthorizationCode): Promise<void> {
    await this.codes.update({ id: code.id }, { replayedAt: new Date() });
    await this.revokeFamily(code);
  }

  async wasReplayed(id: number): Promise<boolean> {
    const row = await findOneWhere(this.codes, { id });
    return !!row?.replayedAt;
  }

  async revokeFamily(code: AuthorizationCode): Promise<void> {
    if (code.familyId) await this.refreshTokens.revokeFamilies([code.familyId]);
  }
}
