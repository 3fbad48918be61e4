import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, IsNull, Repository } from 'typeorm';
import { Application } from '../applications/application.entity';
import { randomToken, sha256Hex } from '../common/crypto/tokens';
import { oauthConfig, OAuthConfig } from '../config/configuration';
import { AccessTokensService } from './access-tokens.service';
import { findOneWhere, insertRow, updateWhere } from '../database/direct-rows';
import { RefreshToken } from './refresh-token.entity';
import type { Confirmation } from './confirmation';

/** Rotating refresh tokens (RFC 9700 §4.14.2): random, stored as SHA-256, one family per grant. */
@Injectable()
export class RefreshTokensService {
  constructor(
    @InjectRepository(RefreshToken) private readonly tokens: Repository<RefreshToken>,
    private readonly accessTokens: AccessTokensService,
    @Inject(oauthConfig.KEY) private readonly config: OAuthConfig,
  ) {}

  async create(
    app: Application,
    userId: number,
    scopes: string[],
    familyId: string,
    accessTokenId: number,
    cnf?: Confirmation,
    em?: EntityManager,
  ): Promise<{ token: string; record: RefreshToken }> {
    const token = randomToken(32);
    const ttl = Math.min(app.refreshTokenTtl ?? this.config.refreshTokenTtlSeconds, this.config.refreshTokenTtlMaxSeconds);
    const record = this.tokens.create({
      tokenHash: sha256Hex(token),
      applicationId: app.id,
      userId,
      scopes,
      familyId,
      accessTokenId,
      expiresAt: new Date(Date.now() + ttl * 1000),
      rotatedAt: null,
      successorId: null,
      revokedAt: null,
      cnf: cnf ? JSON.stringify(cnf) : null,
    });
    record.id = await insertRow(this.repo(em), record);
    return { token, record };
  }

  /**
   * The refresh grant's lookup; `withClientAndUser` (introspection) also reads, in the same
   * statement, `application.clientId` and `user.isActive`.
   */
  findByToken(token: string, opts: { withClientAndUser?: boolean } = {}): Promise<RefreshToken | null> {
    if (token.length > 512) return Promise.resolve(null);
    return findOneWhere(this.tokens, { tokenHash: sha256Hex(token) }, opts.withClientAndUser ? { application: ['clientId'], user: ['isActive'] } : undefined);
  }

  /** Marks the token rotated; false when another request got there first (atomic on both databases). */
  async claimForRotation(id: number, now = new Date(), em?: EntityManager): Promise<boolean> {
    return (await updateWhere(this.repo(em), { rotatedAt: now }, { id, rotatedAt: null, revokedAt: null })) === 1;
  }

  async setSuccessor(id: number, successorId: number, em?: EntityManager): Promise<void> {
    await updateWhere(this.repo(em), { successorId }, { id });
  }

  /** The table, inside the caller's transaction when there is one. */
  private repo(em?: EntityManager): Repository<RefreshToken> {
    return em ? em.getRepository(RefreshToken) : this.tokens;
  }

  /** Ends a whole grant: every refresh token of the families and their access tokens. */
  async revokeFamilies(familyIds: string[], now = new Date()): Promise<void> {
    if (familyIds.length === 0) return;
    await this.tokens.update({ familyId: In(familyIds), revokedAt: IsNull() }, { revokedAt: now });
    await this.accessTokens.revokeFamilies(familyIds, now);
  }
}
