import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, QueryFailedError, Repository } from 'typeorm';
import type { AuditActor } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { findOneWhere } from '../database/direct-rows';
import { Consent } from './consent.entity';

/** What a user already approved for an application, so the consent page is shown once. */
@Injectable()
export class ConsentsService {
  constructor(
    @InjectRepository(Consent) private readonly consents: Repository<Consent>,
    private readonly audit: AuditService,
  ) {}

  async covers(userId: number, applicationId: number, scopes: string[]): Promise<boolean> {
    const consent = await findOneWhere(this.consents, { userId, applicationId });
    return !!consent && scopes.every((s) => consent.scopes.includes(s));
  }

  /**
   * Adds the scopes to the user's consent for the application (one row per pair), recording
   * `consent.granted` with it when something new was approved.
   */
  async grant(userId: number, app: { id: number; clientId: string }, scopes: string[], actor: AuditActor): Promise<void> {
    const write = (em: EntityManager) => this.write(em, userId, app, scopes, actor);
    try {
      await this.consents.manager.transaction(write);
    } catch (e) {
      // Two tabs approving at once: the unique index keeps one row; the second merges into it.
      if (!(e instanceof QueryFailedError)) throw e;
      await this.consents.manager.transaction(write);
    }
  }

  private async write(em: EntityManager, userId: number, app: { id: number; clientId: string }, scopes: string[], actor: AuditActor): Promise<void> {
    const existing = await em.findOne(Consent, { where: { userId, applicationId: app.id } });
    if (existing && scopes.every((sc) => existing.scopes.includes(sc))) return;
    if (existing) await em.update(Consent, { id: existing.id }, { scopes: [...new Set([...existing.scopes, ...scopes])] });
    else await em.insert(Consent, { userId, applicationId: app.id, scopes });
    await this.audit.record(actor, { type: 'consent.granted', userId, clientId: app.clientId, details: { scope: scopes.join(' ') } }, em);
  }
}
