import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import { ApplicationsService } from '../applications/applications.service';
import type { AuditActor } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { AccessToken } from './access-token.entity';
import { AuthorizationCode } from './authorization-code.entity';
import { Consent } from './consent.entity';
import { RefreshToken } from './refresh-token.entity';

export interface AuthorizedTokenView {
  id: number;
  scope: string;
  issued_at: string;
  expires_at: string;
}

/** One application the user has authorized: its consent and live access tokens. */
export interface AuthorizedApplicationView {
  application: { id: number; client_id: string; client_name: string };
  /** The scopes the user approved (null once the consent was withdrawn). */
  consented_scope: string | null;
  tokens: AuthorizedTokenView[];
  /** Live refresh tokens: the application can still get new access tokens while > 0. */
  refresh_tokens: number;
}

const toTokenView = (t: AccessToken): AuthorizedTokenView => ({
  id: t.id,
  scope: t.scopes.join(' '),
  issued_at: t.createdAt.toISOString(),
  expires_at: t.expiresAt.toISOString(),
});

/**
 * The signed-in user's grants (docs/PROTOCOL.md §7). Every query carries the user's id, so another
 * user's token is a 404. Revocation only sets `revoked_at`: the bearer check reads it from the
 * shared database on every request, so it takes effect at once on every instance.
 */
@Injectable()
export class UserGrantsService {
  constructor(
    @InjectRepository(AccessToken) private readonly accessTokens: Repository<AccessToken>,
    @InjectRepository(RefreshToken) private readonly refreshTokens: Repository<RefreshToken>,
    @InjectRepository(Consent) private readonly consents: Repository<Consent>,
    private readonly audit: AuditService,
    private readonly apps: ApplicationsService,
  ) {}

  /** Live grants grouped by application, the most recently authorized first. */
  async listForUser(userId: number, now = new Date()): Promise<AuthorizedApplicationView[]> {
    const [tokens, refresh, consents] = await Promise.all([
      this.accessTokens.find({
        where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(now) },
        relations: { application: true },
        order: { createdAt: 'DESC', id: 'DESC' },
      }),
      this.refreshTokens.find({
        where: { userId, revokedAt: IsNull(), rotatedAt: IsNull(), expiresAt: MoreThan(now) },
        relations: { application: true },
      }),
      this.consents.find({ where: { userId }, relations: { application: true }, order: { updatedAt: 'DESC' } }),
    ]);
    const byApp = new Map<number, AuthorizedApplicationView>();
    const entry = (row: AccessToken | RefreshToken | Consent) => {
      let view = byApp.get(row.applicationId);
      if (!view) {
        const app = row.application!;
        view = { application: { id: app.id, client_id: app.clientId, client_name: app.name }, consented_scope: null, tokens: [], refresh_tokens: 0 };
        byApp.set(row.applicationId, view);
      }
      return view;
    };
    for (const t of tokens) entry(t).tokens.push(toTokenView(t));
    for (const r of refresh) entry(r).refresh_tokens += 1;
    for (const c of consents) entry(c).consented_scope = c.scopes.join(' ');
    return [...byApp.values()];
  }

  /** One live token of the user's (for the confirmation page). */
  async getLiveToken(userId: number, id: number, now = new Date()): Promise<AuthorizedTokenView & { application: { id: number; client_name: string } }> {
    const token = await this.accessTokens.findOne({
      where: { id, userId, revokedAt: IsNull(), expiresAt: MoreThan(now) },
      relations: { application: true },
    });
    if (!token) throw new NotFoundException();
    return { ...toTokenView(token), application: { id: token.applicationId, client_name: token.application!.name } };
  }

  /**
   * Revokes one access token and the refresh tokens issued with it. A token issued from an
   * authorization belongs to a family (code → tokens → refreshes): the whole family goes, or
   * the refresh token would simply mint a new access token.
   */
  async revokeToken(userId: number, id: number, actor: AuditActor, now = new Date()): Promise<void> {
    await this.accessTokens.manager.transaction(async (em) => {
      const token = await em.findOne(AccessToken, { where: { id, userId, revokedAt: IsNull() }, relations: { application: true } });
      if (!token) throw new NotFoundException();
      await em.update(AccessToken, { id, userId }, { revokedAt: now });
      if (token.familyId) {
        await em.update(AccessToken, { familyId: token.familyId, userId, revokedAt: IsNull() }, { revokedAt: now });
        await em.update(RefreshToken, { familyId: token.familyId, userId, revokedAt: IsNull() }, { revokedAt: now });
      } else {
        await em.update(RefreshToken, { accessTokenId: id, userId, revokedAt: IsNull() }, { revokedAt: now });
      }
      await this.audit.record(actor, { type: 'token.revoked', userId, clientId: token.application!.clientId, details: { token_id: id } }, em);
    });
  }

  /** The application as the user knows it (for the confirmation page); 404 when it has no grant of theirs. */
  async getAuthorizedApplication(userId: number, applicationId: number): Promise<AuthorizedApplicationView> {
    const found = (await this.listForUser(userId)).find((a) => a.application.id === applicationId);
    if (!found) throw new NotFoundException();
    return found;
  }

  /** Everything the user gave one application: tokens, unused codes, and the consent itself. */
  async revokeApplication(userId: number, applicationId: number, actor: AuditActor, now = new Date()): Promise<void> {
    await this.accessTokens.manager.transaction(async (em) => {
      if (!(await this.hasAnyGrant(em, userId, applicationId))) throw new NotFoundException();
      const app = await this.apps.getById(applicationId);
      await this.audit.record(actor, { type: 'consent.revoked', userId, clientId: app.clientId }, em);
      await em.update(AccessToken, { userId, applicationId, revokedAt: IsNull() }, { revokedAt: now });
      await em.update(RefreshToken, { userId, applicationId, revokedAt: IsNull() }, { revokedAt: now });
      await em.delete(AuthorizationCode, { userId, applicationId, usedAt: IsNull() });
      // Forgetting the consent means the next authorization asks the user again.
      await em.delete(Consent, { userId, applicationId });
    });
  }

  /**
   * Every token the user holds, with every application: access and refresh tokens revoked, unused
   * codes deleted; the consents stay. For a new password (the credentials-changed listener, in
   * its transaction) and a disabled account.
   */
  async revokeAllForUser(userId: number, em: EntityManager = this.accessTokens.manager, now = new Date()): Promise<void> {
    await em.update(AccessToken, { userId, revokedAt: IsNull() }, { revokedAt: now });
    await em.update(RefreshToken, { userId, revokedAt: IsNull() }, { revokedAt: now });
    await em.delete(AuthorizationCode, { userId, usedAt: IsNull() });
  }

  private async hasAnyGrant(em: EntityManager, userId: number, applicationId: number): Promise<boolean> {
    // One after another: a transaction has a single connection.
    const counts = [
      await em.count(Consent, { where: { userId, applicationId } }),
      await em.count(AccessToken, { where: { userId, applicationId, revokedAt: IsNull() } }),
      await em.count(RefreshToken, { where: { userId, applicationId, revokedAt: IsNull() } }),
      await em.count(AuthorizationCode, { where: { userId, applicationId, usedAt: IsNull() } }),
    ];
    return counts.some((n) => n > 0);
  }
}
