import underPressure from '@fastify/under-pressure';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { policyOf } from './route-policy';

export const SHED_RETRY_AFTER_SECONDS = 5;
const SHED_BODY = { statusCode: 503, error: 'service_unavailable', message: 'The server is overloaded; try again shortly' };
// The OAuth endpoints answer in their own error format (RFC 6749 §5.2).
const SHED_OAUTH_BODY = { error: 'temporarily_unavailable', error_description: 'The server is overloaded; try again shortly' };

/**
 * Under overload the server answers quickly instead of queueing: while the event loop lags
 * more than `maxEventLoopDelayMs` (or the heap is above `maxHeapUsedBytes`), new requests get
 * 503 with Retry-After before any work is done for them. Routes with `neverShed` (/health)
 * are always served, so a balancer still sees the instance alive. 0 turns a check off.
 */
export async function installLoadShedding(app: NestFastifyApplication, maxEventLoopDelayMs: number, maxHeapUsedBytes: number): Promise<void> {
  if (maxEventLoopDelayMs <= 0 && maxHeapUsedBytes <= 0) return;
  await app.register(underPressure, {
    maxEventLoopDelay: maxEventLoopDelayMs,
    maxHeapUsedBytes,
    sampleInterval: 250,
    pressureHandler: (req, reply) => {
      const policy = policyOf(req);
      if (policy.neverShed) return undefined;
      reply.status(503).header('Retry-After', String(SHED_RETRY_AFTER_SECONDS)).header('Cache-Control', 'no-store');
      // under-pressure sends what the handler returns (its typings say void; undefined lets the request through).
      return (policy.oauthErrors ? SHED_OAUTH_BODY : SHED_BODY) as unknown as void;
    },
  });
}
