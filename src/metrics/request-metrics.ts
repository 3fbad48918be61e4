import type { FastifyInstance } from 'fastify';
import type { Histogram } from 'prom-client';
import { policyOf } from '../common/web/route-policy';
import { MetricsService } from './metrics.service';

/**
 * Every answered request observes its latency in the series of its route pattern, method and
 * status. The series are kept per route (its config object, stable for the route's life; one
 * handler answering GET and POST shares it, hence the method), method and status, so a request
 * costs two map lookups and one observe.
 */
export function installRequestMetrics(fastify: FastifyInstance, metrics: MetricsService): void {
  const byRoute = new WeakMap<object, Map<string, Map<number, Histogram.Internal<string>>>>();
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = policyOf(req);
    let byMethod = byRoute.get(route);
    if (!byMethod) byRoute.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(req.method);
    if (!byStatus) byMethod.set(req.method, (byStatus = new Map()));
    let series = byStatus.get(reply.statusCode);
    if (!series) {
      series = metrics.requestSeries(req.routeOptions.url ?? 'unmatched', req.method, reply.statusCode);
      byStatus.set(reply.statusCode, series);
    }
    series.observe(reply.elapsedTime / 1000);
    done();
  });
}
