import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/decorators/public.decorator';
import { RateLimitService } from '../common/rate-limit/rate-limit.service';
import { Policy } from '../common/web/route-policy';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly limits: RateLimitService,
  ) {}

  /**
   * Liveness and readiness: 200 when the process answers and the database does too, else 503.
   * Redis only degrades the instance (the rate limits fall back to its own counters), so it
   * is reported, never a 503. Always JSON with each check's state, whatever the caller
   * accepts (a probe rarely asks).
   */
  @Public()
  @Policy({ sessionless: true, quietLog: true, neverShed: true })
  @Get()
  @HealthCheck()
  async check(@Res() res: FastifyReply): Promise<void> {
    res.header('Cache-Control', 'no-store');
    const redis = this.limits.redisState();
    try {
      res.send(withRedis(await this.health.check([() => this.db.pingCheck('database', { timeout: 1500 })]), await redis));
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      res.status(503).send(withRedis(err.getResponse() as HealthCheckResult, await redis));
    }
  }
}

function withRedis(result: HealthCheckResult, state: 'none' | 'up' | 'degraded'): HealthCheckResult {
  if (state === 'none') return result;
  const redis = state === 'up' ? { status: 'up' as const } : { status: 'down' as const, degraded: true, fallback: 'in-process rate-limit counters' };
  return {
    ...result,
    ...(state === 'up' ? { info: { ...result.info, redis } } : { error: { ...result.error, redis } }),
    details: { ...result.details, redis },
  };
}
