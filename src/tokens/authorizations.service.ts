import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, FindOptionsWhere, IsNull, MoreThan, Repository } from 'typeorm';
import type { AuditActor } from '../audit/audit-context';
import type { Page, Paging } from '../common/web/paging';
import { AccessToken } from './access-token.entity';
import { AuthorizationCode } from './authorization-code.entity';
import { Consent } from './consent.entity';
import { RefreshToken } from './refresh-token.entity';
import { UserGrantsService } from './user-grants.service';

/** An authorization session as staff monitor it (CONTRACT §7): one user's consent to one application. */
export interface AuthorizationView {
  id: number;
  user_id: number;
  application: { id: number; client_id: string; client_name: string };
  scope: string;
  created_at: string;
  /** The last token issued under it (a sign-in, a code, a refresh); null when none is recorded. */
  last_used_at: string | null;
  live_access_tokens: number;
  refresh_families: number;
}

/**
 * Every user's authorizations, for the operator console: who authorized which application,
 * with which scopes, how much of it is still live. Revoking one revokes its tokens and
 * forgets the consent (UserGrantsService.revokeApplication).
 */
@Injectable()
export class AuthorizationsService {
  constructor(
    @InjectRepository(Consent) private readonly consents: Repository<Consent>,
    @InjectRepository(AccessToken) private readonly accessTokens: Repository<AccessToken>,
    @InjectRepository(RefreshToken) private readonly refreshTokens: Repository<RefreshToken>,
    private readonly grants: UserGrantsService,
  ) {}

  /** Newest first; filtered by user and/or application. */
  async page(filter: { userId?: number; applicationId?: number }, paging: Paging, now = new Date()): Promise<Page<AuthorizationView>> {
    const where: FindOptionsWhere<Consent> = {};
    if (filter.userId !== undefined) where.userId = filter.userId;
    if (filter.applicationId !== undefined) where.applicationId = filter.applicationId;
    const [rows, total] = await this.consents.findAndCount({
      where,
      relations: { application: true },
      order: { updatedAt: 'DESC', id: 'DESC' },
      skip: paging.skip,
      take: paging.take,
    });
    return { items: await Promise.all(rows.map((c) => this.view(c, now))), total };
  }

  /** Revokes every token of the authorization and forgets the consent. */
  async revoke(id: number, actor: AuditActor): Promise<void> {
    const consent = await this.consents.findOne({ where: { id } });
    if (!consent) throw new NotFoundException();
    await this.grants.revokeApplication(consent.userId, consent.applicationId, actor);
  }

  /** A disabled application: every token it holds, for every user, in the caller's transaction. */
  async revokeAllForApplication(applicationId: number, em: EntityManager, now = new Date()): Promise<void> {
    await em.update(AccessToken, { applicationId, revokedAt: IsNull() }, { revokedAt: now });
    await em.update(RefreshToken, { applicationId, revokedAt: IsNull() }, { revokedAt: now });
    await em.delete(AuthorizationCode, { applicationId, usedAt: IsNull() });
  }

  private async view(c: Consent, now: Date): Promise<AuthorizationView> {
    const pair = { userId: c.userId, applicationId: c.applicationId };
    const [live, last, families] = await Promise.all([
      this.accessTokens.count({ where: { ...pair, revokedAt: IsNull(), expiresAt: MoreThan(now) } }),
      this.accessTokens.findOne({ select: { id: true, createdAt: true }, where: pair, order: { createdAt: 'DESC', id: 'DESC' } }),
      this.refreshTokens
        .createQueryBuilder('r')
        .select('COUNT(DISTINCT r.family_id)', 'n')
        .where('r.user_id = :userId AND r.application_id = :applicationId AND r.revoked_at IS NULL AND r.rotated_at IS NULL AND r.expires_at > :now', {
          ...pair,
          now,
        })
        .getRawOne<{ n: number | string }>(),
    ]);
    const app = c.application!;
    return {
      id: c.id,
      user_id: c.userId,
      application: { id: app.id, client_id: app.clientId, client_name: app.name },
      scope: c.scopes.join(' '),
      created_at: c.createdAt.toISOString(),
      last_used_at: last?.createdAt.toISOString() ?? null,
      live_access_tokens: live,
      refresh_families: Number(families?.n ?? 0),
    };
  }
}
