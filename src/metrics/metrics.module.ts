import { Global, Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { MetricsService } from './metrics.service';

/** Global, so that every module can count through MetricsService; it imports no feature module. */
@Global()
@Module({ providers: [MetricsService], exports: [MetricsService], controllers: [MetricsController] })
export class MetricsModule {}
