import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/**
 * One line per finished request at info (2xx/3xx), warn (4xx, aborted) or error (5xx); the
 * logger's serializers decide what of `req` and `res` is written (config/logger.options.ts).
 * Nothing is built for a request whose line the level filters out: this runs on every token,
 * introspection and resource call (bench/README.md, profile). `getLogger` is asked at each
 * line: the application logger exists only once Nest has started.
 */
export function requestLog(getLogger: () => Logger, ignore: (req: Request) => boolean = () => false) {
  let sequence = 0;
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = Date.now();
    res.once('close', () => {
      const logger = getLogger();
      const aborted = !res.writableFinished;
      const level = res.statusCode >= 500 ? 'error' : aborted || res.statusCode >= 400 ? 'warn' : 'info';
      if (!logger.isLevelEnabled(level) || (level === 'info' && ignore(req))) return;
      (req as Request & { id?: number }).id = ++sequence;
      logger[level]({ req, res, responseTime: Date.now() - started }, aborted ? 'request aborted' : 'request completed');
    });
    next();
  };
}
