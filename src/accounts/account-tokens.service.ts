import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import { deleteExpiredRows } from '../database/expired-rows';
import { randomToken, sha256Hex } from '../common/crypto/tokens';
import { AccountToken, AccountTokenPurpose } from './account-token.entity';

/** Single-use e-mail link tokens: 256 random bits, only the SHA-256 is stored. */
@Injectable()
export class AccountTokensService {
  constructor(@InjectRepository(AccountToken) private readonly tokens: Repository<AccountToken>) {}

  /** Issues a token; earlier unused tokens of the same purpose stop working. */
  async issue(userId: number, purpose: AccountTokenPurpose, ttlSeconds: number): Promise<{ token: string; id: number }> {
    await this.tokens.delete({ userId, purpose, usedAt: IsNull() });
    const token = randomToken(32);
    const row = await this.tokens.save(
      this.tokens.create({ userId, purpose, tokenHash: sha256Hex(token), expiresAt: new Date(Date.now() + ttlSeconds * 1000), usedAt: null }),
    );
    return { token, id: row.id };
  }

  /** The live token row, without using it (a reset page is shown before the form is sent). */
  findValid(token: string, purpose: AccountTokenPurpose, userId?: number): Promise<AccountToken | null> {
    if (typeof token !== 'string' || token.length < 20 || token.length > 100) return Promise.resolve(null);
    return this.tokens.findOne({
      where: { tokenHash: sha256Hex(token), purpose, usedAt: IsNull(), expiresAt: MoreThan(new Date()), ...(userId ? { userId } : {}) },
    });
  }

  /**
   * Marks the token used. The conditional UPDATE makes two racing uses impossible: exactly
   * one of them sees a changed row.
   */
  async consume(id: number, em: EntityManager = this.tokens.manager): Promise<boolean> {
    const result = await em.update(AccountToken, { id, usedAt: IsNull() }, { usedAt: new Date() });
    return (result.affected ?? 0) === 1;
  }

  async revoke(id: number): Promise<void> {
    await this.tokens.delete({ id });
  }

  /** The accounts module's sweeper (housekeeping): expired links, used or not. */
  deleteExpired(now = new Date()): Promise<number> {
    return deleteExpiredRows(this.tokens, now);
  }
}
