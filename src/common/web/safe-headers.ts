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
  // A callback hook, not an async one: it runs on every answer and needs no promise.
  fastify.addHook('onSend', (_req, reply, payload, done) => {
    const location = reply.getHeader('location');
    if (typeof location === 'string') reply.header('location', asciiHeaderValue(location));
    const headers = reply.getHeaders();
    for (const name in headers) {
      const value = headers[name];
      if (value === undefined || isValid(name, value)) continue;
      reply.removeHeader(name);
      return done(new Error(`refused to send header ${name}: invalid characters`));
    }
    done(null, payload);
  });
}

function isValid(name: string, value: string | number | string[]): boolean {
  try {
    if (Array.isArray(value)) for (const one of value) validateHeaderValue(name, one);
    else validateHeaderValue(name, String(value));
    return true;
  } catch {
    return false;
  }
}
