import { validateHeaderValue } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { asciiHeaderValue } from './same-origin';

/**
 * The last check before headers are written. A redirect target is percent-encoded (it may
 * hold any character the user typed); any other header Node would refuse is removed and the
 * request fails as an ordinary 500 (Node throws from `writeHead`, which runs in callbacks where
 * nothing would catch it, and the process would stop).
 */
export function installSafeHeaders(fastify: FastifyInstance): void {
  fastify.addHook('onSend', async (_req, reply, payload) => {
    const location = reply.getHeader('location');
    if (typeof location === 'string') reply.header('location', asciiHeaderValue(location));
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value === undefined) continue;
      try {
        for (const one of [value].flat()) validateHeaderValue(name, String(one));
      } catch {
        reply.removeHeader(name);
        throw new Error(`refused to send header ${name}: invalid characters`);
      }
    }
    return payload;
  });
}
