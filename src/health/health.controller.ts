import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { Public } from '../common/decorators/public.decorator';
import { Policy } from '../common/web/route-policy';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
  ) {}

  /**
   * Liveness and readiness: 200 when the process answers and the database does too, else 503.
   * Always JSON with each check's state, whatever the caller accepts (a probe rarely asks).
   */
  @Public()
  @Policy({ sessionless: true, quietLog: true })
  @Get()
  @HealthCheck()
  async check(@Res() res: FastifyReply): Promise<void> {
    res.header('Cache-Control', 'no-store');
    try {
      res.send(await this.health.check([() => this.db.pingCheck('database', { timeout: 1500 })]));
    } catch (err) {
      if (!(err instanceof ServiceUnavailableException)) throw err;
      res.status(503).send(err.getResponse());
    }
  }
}
