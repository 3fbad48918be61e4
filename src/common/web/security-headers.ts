import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** What a header middleware does to a response: the headers it sets and those it removes. */
interface HeaderEffects {
  set: Array<[string, string | number | readonly string[]]>;
  removed: string[];
}

function effectsOf(middleware: Middleware, url: string): HeaderEffects {
  const effects: HeaderEffects = { set: [], removed: [] };
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => void effects.set.push([name, value]),
    removeHeader: (name: string) => void effects.removed.push(name),
  };
  let error: unknown;
  middleware({ url, method: 'GET', headers: {} } as IncomingMessage, res as unknown as ServerResponse, (err) => (error = err));
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return effects;
}

/**
 * helmet's headers on every answer, worked out once: its configuration here is static (no
 * per-request nonce), so the middleware is run at start against a recording response, and
 * each request gets the recorded headers set directly instead of a dozen chained middlewares
 * per request. Two runs with different requests must agree, or start fails: a middleware
 * whose headers depend on the request cannot be recorded.
 */
export function installSecurityHeaders(fastify: FastifyInstance, middleware: Middleware): void {
  const effects = effectsOf(middleware, '/');
  if (JSON.stringify(effectsOf(middleware, '/oauth/token/?x=1')) !== JSON.stringify(effects)) {
    throw new Error('the security headers depend on the request; they cannot be recorded once');
  }
  const { set, removed } = effects;
  fastify.addHook('onRequest', (_req, reply, done) => {
    const res = reply.raw;
    for (let i = 0; i < removed.length; i++) res.removeHeader(removed[i]);
    for (let i = 0; i < set.length; i++) res.setHeader(set[i][0], set[i][1]);
    done();
  });
}
