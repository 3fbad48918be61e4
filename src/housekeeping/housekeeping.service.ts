import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { appConfig, AppConfig } from '../config/configuration';
import { describeError } from '../common/errors/describe-error';
import { MetricsService } from '../metrics/metrics.service';

/** Deletes one module's expired rows; answers how many went. */
export type Sweeper = (now: Date) => Promise<number>;

/**
 * The periodic purge of expired rows. It owns no table: each module registers a sweeper for
 * its own (tokens: codes, access and refresh tokens; accounts: sessions, e-mail links) when it
 * starts. Runs every CLEANUP_INTERVAL_SECONDS (0 = off) and from `npm run tokens:cleanup`.
 */
@Injectable()
export class HousekeepingService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HousekeepingService.name);
  private readonly sweepers = new Map<string, Sweeper>();
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    @Inject(appConfig.KEY) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  /** `name` is the report's key (the table); one sweeper per name. */
  register(name: string, sweeper: Sweeper): void {
    if (this.sweepers.has(name)) throw new Error(`A sweeper for ${name} is already registered`);
    this.sweepers.set(name, sweeper);
  }

  onApplicationBootstrap(): void {
    if (this.config.cleanupIntervalSeconds <= 0) return;
    this.timer = setInterval(() => void this.runQuietly(), this.config.cleanupIntervalSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** One pass over every registered sweeper, one after another: rows deleted per table. */
  async cleanup(now = new Date()): Promise<Record<string, number>> {
    const counts: Record<string, number> = {};
    for (const [name, sweep] of this.sweepers) {
      counts[name] = await sweep(now);
      this.metrics.rowsDeleted(name, counts[name]);
    }
    return counts;
  }

  private async runQuietly(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      const counts = await this.cleanup();
      this.logger.log(`Expired rows deleted: ${JSON.stringify(counts)}`);
    } catch (e) {
      this.logger.error(`Cleanup failed: ${describeError(e)}`);
    } finally {
      this.running = false;
    }
  }
}
