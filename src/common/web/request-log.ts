import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { policyOf } from './route-policy';

// An unmatched path has no route to declare its policy: anything shaped like a token goes.
const TOKEN_LIKE = /[A-Za-z0-9_-]{32,}/g;

/**
 * The path as the logs show it: never the query string, and never a secret. A route whose
 * policy says `secretInPath` is shown up to its first parameter (`/accounts/reset/[redacted]`).
 */
export function loggedPath(req: FastifyRequest): string {
  const route = req.routeOptions.url;
  if (route && policyOf(req).secretInPath) {
    const cut = route.indexOf(':');
    return `${cut < 0 ? route : route.slice(0, cut)}[redacted]`;
  }
  const path = req.url.split('?')[0];
  return route ? path : path.replace(TOKEN_LIKE, '[redacted]');
}

/**
 * What the log says about a request: never a body or a query string; who (the signed-in user,
 * on page routes) and from where (the client's address, after TRUST_PROXY).
 */
export function requestLine(req: FastifyRequest, id: number): { id: number; method: string; url: string; ip: string; userId?: number } {
  return { id, method: req.method, url: loggedPath(req), ip: req.ip, userId: req.user?.id };
}

/**
 * One line per finished request at info (2xx/3xx), warn (4xx, aborted) or error (5xx), except
 * the successes of routes whose policy is `quietLog`. Nothing is built for a request whose
 * line the level filters out: this runs on every token, introspection and resource call
 * (bench/README.md, profile). `getLogger` is asked at each line: the application logger
 * exists only once Nest has started.
 */
export function installRequestLog(fastify: FastifyInstance, getLogger: () => Logger): void {
  let sequence = 0;
  const write = (req: FastifyRequest, reply: FastifyReply | undefined) => {
    const logger = getLogger();
    const status = reply?.statusCode ?? 0;
    const level = !reply || (status >= 400 && status < 500) ? 'warn' : status >= 500 ? 'error' : 'info';
    if (!logger.isLevelEnabled(level) || (level === 'info' && policyOf(req).quietLog)) return;
    const line = requestLine(req, ++sequence);
    logger[level]({ req: line, res: reply?.raw, responseTime: Math.round(reply?.elapsedTime ?? 0) }, reply ? 'request completed' : 'request aborted');
  };
  fastify.addHook('onResponse', (req, reply, done) => {
    write(req, reply);
    done();
  });
  // The client went away before the answer: there is no status to report.
  fastify.addHook('onRequestAbort', (req, done) => {
    write(req, undefined);
    done();
  });
}
