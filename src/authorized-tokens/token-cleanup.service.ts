import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource, EntityTarget, LessThan, ObjectLiteral } from 'typeorm';
import { TypeormSessionStore } from '../accounts/session.store';
import { appConfig, AppConfig } from '../config/configuration';
import { AccessToken } from './access-token.entity';
import { AuthorizationCode } from './authorization-code.entity';
import { RefreshToken } from './refresh-token.entity';

const BATCH = 1000;

/**
 * Deletes expired codes, access tokens, refresh tokens and sessions, in batches of 1000 rows
 * (select ids, then DELETE ... WHERE id IN: portable, and never one huge lock). Runs every
 * CLEANUP_INTERVAL_SECONDS (0 = off) and from `npm run tokens:cleanup`.
 */
@Injectable()
export class TokenCleanupService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(TokenCleanupService.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(private readonly db: DataSource, private readonly sessions: TypeormSessionStore, @Inject(appConfig.KEY) private readonly config: AppConfig) {}

  onApplicationBootstrap(): void {
    if (this.config.cleanupIntervalSeconds <= 0) return;
    this.timer = setInterval(() => void this.runQuietly(), this.config.cleanupIntervalSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async cleanup(now = new Date()): Promise<Record<string, number>> {
    return {
      authorization_codes: await this.deleteExpired(AuthorizationCode, now),
      access_tokens: await this.deleteExpired(AccessToken, now),
      refresh_tokens: await this.deleteExpired(RefreshToken, now),
      sessions: await this.sessions.deleteExpired(now),
    };
  }

  private async runQuietly(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const counts = await this.cleanup();
      this.logger.log(`Expired rows deleted: ${JSON.stringify(counts)}`);
    } catch (e) {
      this.logger.error(`Cleanup failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      this.running = false;
    }
  }

  private async deleteExpired(entity: EntityTarget<ObjectLiteral & { id: number }>, now: Date): Promise<number> {
    const repo = this.db.getRepository(entity);
    let total = 0;
    for (;;) {
      const rows = await repo.find({ select: { id: true }, where: { expiresAt: LessThan(now) }, take: BATCH });
      if (rows.length === 0) return total;
      await repo.delete(rows.map((r) => r.id));
      total += rows.length;
      if (rows.length < BATCH) return total;
    }
  }
}
