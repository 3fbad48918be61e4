import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { QueryFailedError, Repository } from 'typeorm';
import { findOneWhere } from '../database/direct-rows';
import { Consent } from './consent.entity';

/** What a user already approved for an application, so the consent page is shown once. */
@Injectable()
export class ConsentsService {
  constructor(@InjectRepository(Consent) private readonly consents: Repository<Consent>) {}

  async covers(userId: number, applicationId: number, scopes: string[]): Promise<boolean> {
    const consent = await findOneWhere(this.consents, { userId, applicationId });
    return !!consent && scopes.every((s) => consent.scopes.includes(s));
  }

  /** Adds the scopes to the user's consent for the application (one row per pair). */
  async grant(userId: number, applicationId: number, scopes: string[]): Promise<void> {
    const existing = await this.consents.findOne({ where: { userId, applicationId } });
    if (existing) {
      if (scopes.every((sc) => existing.scopes.includes(sc))) return;
      await this.consents.update({ id: existing.id }, { scopes: [...new Set([...existing.scopes, ...scopes])] });
      return;
    }
    try {
      await this.consents.insert({ userId, applicationId, scopes });
    } catch (e) {
      // Two tabs approving at once: the unique index keeps one row; merge into it.
      if (!(e instanceof QueryFailedError)) throw e;
      const row = await this.consents.findOneOrFail({ where: { userId, applicationId } });
      await this.consents.update({ id: row.id }, { scopes: [...new Set([...row.scopes, ...scopes])] });
    }
  }
}
