import type { FastifyInstance } from 'fastify';

/**
 * While the server closes (SIGTERM: Nest closes Fastify first), the answers to requests
 * already in progress carry `Connection: close`, so that their connections end with them
 * instead of staying open for a request that would be refused. Fastify itself answers
 * requests that still arrive on open connections with 503 + `Connection: close`.
 */
export function installDrain(fastify: FastifyInstance): void {
  let draining = false;
  fastify.addHook('preClose', (done) => {
    draining = true;
    done();
  });
  fastify.addHook('onSend', (_req, reply, payload, done) => {
    if (draining) reply.header('connection', 'close');
    done(null, payload);
  });
}
