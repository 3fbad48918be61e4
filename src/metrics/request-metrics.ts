import type { FastifyInstance } from 'fastify';
import type { Histogram } from 'prom-client';
import { policyOf } from '../common/web/route-policy';
import { MetricsService } from './metrics.service';

/**
 * Every answered request observes its latency in the series of its route pattern, method and
 * status. The series are kept per route (its config object, stable for the route's life) and
 * status, so a request costs a map lookup and one observe.
 */
export function installRequestMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  const byRoute = new WeakMap<object, Map<number, Histogram.Internal<string>>>();
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = policyOf(req);
    let byStatus = byRoute.get(route);
    if (!byStatus) byRoute.set(route, (byStatus = new Map()));
    let series = byStatus.get(reply.statusCode);
    if (!series) {
      series = metrics.requestSeries(req.routeOptions.url ?? 'unmatched', req.method, reply.statusCode);
      byStatus.set(reply.statusCode, series);
    }
    series.observe(reply.elapsedTime / 1000);
    done();
  });
}
