import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';

/**
 * One line per finished request at info (2xx/3xx), warn (4xx, aborted) or error (5xx); the
 * logger's serializers decide what of `req` and `res` is written (config/logger.options.ts).
 * Nothing is built for a request whose line the level filters out: this runs on every token,
 * introspection and resource call (bench/README.md, profile). `getLogger` is asked at each
 * line: the application logger exists only once Nest has started.
 */
export function installRequestLog(fastify: FastifyInstance, getLogger: () => Logger, ignore: (req: FastifyRequest) => boolean = () => false): void {
  let sequence = 0;
  const write = (req: FastifyRequest, reply: FastifyReply | undefined) => {
    const logger = getLogger();
    const status = reply?.statusCode ?? 0;
    const level = !reply || (status >= 400 && status < 500) ? 'warn' : status >= 500 ? 'error' : 'info';
    if (!logger.isLevelEnabled(level) || (level === 'info' && ignore(req))) return;
    // The serializers read the node objects, as pino's standard ones do.
    const raw = Object.assign(req.raw, { id: ++sequence });
    logger[level]({ req: raw, res: reply?.raw, responseTime: Math.round(reply?.elapsedTime ?? 0) }, reply ? 'request completed' : 'request aborted');
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
