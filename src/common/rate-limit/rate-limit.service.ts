import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { databaseConfig, DatabaseConfig } from '../../config/configuration';
import { MetricsService } from '../../metrics/metrics.service';
import { lazyModule } from '../lazy-module';

// Loaded only when REDIS_URL is set (about 1 MB of heap otherwise unused).
const ioredis = lazyModule<typeof import('ioredis')>('ioredis');

/**
 * A failure counter: only failures are counted, so a client that keeps succeeding is never
 * slowed down. In memory on one instance; in Redis (REDIS_URL) when several instances share it.
 */
export class FailureLimiter {
  constructor(
    private readonly limiter: RateLimiterAbstract,
    private readonly onRefusal: () => void = () => undefined,
  ) {}

  /** Seconds until the key may try again, or 0 when it is not blocked (a refusal is counted in the metrics). */
  async blockedFor(key: string): Promise<number> {
    const wait = (await this.status(key)).retryAfterSeconds;
    if (wait > 0) this.refused();
    return wait;
  }

  /** Counts a refusal this limiter decided (callers that combine limiters through `status`). */
  refused(): void {
    this.onRefusal();
  }

  /** The failures counted in the key's current window, and `blockedFor`. */
  async status(key: string): Promise<{ failures: number; retryAfterSeconds: number }> {
    const res = await this.limiter.get(key);
    if (!res) return { failures: 0, retryAfterSeconds: 0 };
    return { failures: res.consumedPoints, retryAfterSeconds: res.remainingPoints <= 0 ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0 };
  }

  async fail(key: string): Promise<void> {
    await this.limiter.penalty(key, 1);
  }

  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

@Injectable()
export class RateLimitService implements OnApplicationShutdown {
  private readonly logger = new Logger(RateLimitService.name);
  private readonly redis?: Redis;

  constructor(
    @Inject(databaseConfig.KEY) config: DatabaseConfig,
    private readonly metrics: MetricsService,
  ) {
    if (config.redisUrl) {
      // A frozen Redis keeps its connections open and answers nothing: every command gives up
      // after a short wait, and the limiter falls back to this instance's counters.
      this.redis = new (ioredis().Redis)(config.redisUrl, {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        lazyConnect: false,
        commandTimeout: config.redisCommandTimeoutMs,
      });
      this.redis.on('error', (err) => this.logger.warn(`Redis: ${err.message}`));
    }
  }

  /** `points` failures within `durationSeconds` block the key for `durationSeconds`. */
  limiter(name: string, points: number, durationSeconds: number): FailureLimiter {
    const opts = { keyPrefix: `rl:${name}`, points, duration: durationSeconds, blockDuration: 0 };
    const memory = new RateLimiterMemory(opts);
    return new FailureLimiter(
      // If Redis is unreachable, fall back to this instance's own counters rather than failing.
      this.redis ? new RateLimiterRedis({ ...opts, storeClient: this.redis, insuranceLimiter: memory }) : memory,
      () => this.metrics.rateLimited(name),
    );
  }

  /**
   * For /health: `none` without REDIS_URL, `up` when Redis answers a PING within the command
   * timeout, else `degraded` (the counters are this instance's own until it answers again).
   */
  async redisState(): Promise<'none' | 'up' | 'degraded'> {
    if (!this.redis) return 'none';
    if (this.redis.status !== 'ready') return 'degraded';
    return this.redis.ping().then(
      () => 'up',
      () => 'degraded',
    );
  }

  // After the server has finished its requests, which may still count a failure.
  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => undefined);
  }
}
