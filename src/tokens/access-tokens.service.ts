import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { Application } from '../applications/application.entity';
import { uuidV7 } from '../common/crypto/tokens';
import { appConfig, AppConfig, oauthConfig, OAuthConfig } from '../config/configuration';
import { findOneWhere, insertRow } from '../database/direct-rows';
import { AccessToken } from './access-token.entity';
import type { Confirmation } from './confirmation';
import { JwtCodec } from './keys/jwt-codec.service';

export interface MintedAccessToken {
  token: string;
  record: AccessToken;
  expiresIn: number;
}

export interface AccessTokenGrant {
  app: Application;
  userId: number | null;
  scopes: string[];
  familyId: string | null;
  cnf?: Confirmation;
}

/**
 * RFC 9068 JWT access tokens. The audience is the issuer itself: the resource APIs are served
 * by this same server (docs/PROTOCOL.md §3). Each token is recorded by `jti` with one insert.
 */
@Injectable()
export class AccessTokensService {
  constructor(
    @InjectRepository(AccessToken) private readonly tokens: Repository<AccessToken>,
    private readonly jwt: JwtCodec,
    @Inject(appConfig.KEY) private readonly app: AppConfig,
    @Inject(oauthConfig.KEY) private readonly config: OAuthConfig,
  ) {}

  get issuer(): string {
    return this.app.issuer;
  }

  get audience(): string {
    return this.app.issuer;
  }

  /** Signs and records a token; through `em` when it is part of a larger transaction. */
  async mint(grant: AccessTokenGrant, em?: EntityManager): Promise<MintedAccessToken> {
    const iat = Math.floor(Date.now() / 1000);
    // The application's own lifetime, never above the operator's maximum (lowered since, perhaps).
    const expiresIn = Math.min(grant.app.accessTokenTtl ?? this.config.accessTokenTtlSeconds, this.config.accessTokenTtlMaxSeconds);
    const jti = uuidV7();
    // RFC 9068 §2.1: typ at+jwt.
    const token = this.jwt.sign('at+jwt', {
      iss: this.app.issuer,
      // RFC 9068 §2.2: `sub` is the resource owner, or the client itself when there is none.
      sub: grant.userId === null ? grant.app.clientId : String(grant.userId),
      aud: this.audience,
      client_id: grant.app.clientId,
      scope: grant.scopes.join(' '),
      jti,
      iat,
      exp: iat + expiresIn,
      // RFC 8705 §3.1, RFC 9449 §6.1: the sender constraint travels in the signed token.
      ...(grant.cnf ? { cnf: grant.cnf } : {}),
    });
    const record = this.tokens.create({
      jti,
      applicationId: grant.app.id,
      userId: grant.userId,
      scopes: grant.scopes,
      familyId: grant.familyId,
      expiresAt: new Date((iat + expiresIn) * 1000),
      revokedAt: null,
    });
    // The hot path: one INSERT, no transaction and no re-read (save() would do both).
    record.id = await insertRow(em ? em.getRepository(AccessToken) : this.tokens, record);
    return { token, record, expiresIn };
  }

  /**
   * The bearer check's one indexed lookup; `user.isActive` comes in the same statement (a
   * subquery through the entity's relation), so a disabled user's tokens are refused without
   * a second round trip.
   */
  findByJti(jti: string): Promise<AccessToken | null> {
    return findOneWhere(this.tokens, { jti }, { user: ['isActive'] });
  }

  async revokeByJti(jti: string, now = new Date()): Promise<void> {
    await this.tokens.update({ jti, revokedAt: IsNull() }, { revokedAt: now });
  }

  async revokeFamilies(familyIds: string[], now = new Date()): Promise<void> {
    if (familyIds.length === 0) return;
    await this.tokens.update({ familyId: In(familyIds), revokedAt: IsNull() }, { revokedAt: now });
  }
}
