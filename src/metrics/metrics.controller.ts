import { Controller, Get, Inject, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../common/decorators/public.decorator';
import { Policy } from '../common/web/route-policy';
import { appConfig, AppConfig } from '../config/configuration';
import { metricsAccess } from './metrics-access';
import { MetricsService } from './metrics.service';

/** GET /metrics in Prometheus text format, for the scraper only (metrics-access.ts). */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {}

  @Public()
  @Policy({ sessionless: true, quietLog: true, neverShed: true })
  @Get()
  async scrape(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const access = metricsAccess(req, this.config.metricsToken);
    if (access === 'hidden') throw new NotFoundException();
    res.header('Cache-Control', 'no-store');
    if (access === 'unauthorized') {
      res.status(401).header('WWW-Authenticate', 'Bearer realm="metrics"').send({ statusCode: 401, error: 'unauthorized' });
      return;
    }
    res.header('Content-Type', this.metrics.registry.contentType).send(await this.metrics.metrics());
  }
}
