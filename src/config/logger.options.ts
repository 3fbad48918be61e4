import type { Params } from 'nestjs-pino';
import { pino } from 'pino';
import { appConfig, AppConfig } from './configuration';

/**
 * The application logger: nestjs-pino over pino, JSON lines. Request lines are written by
 * common/web/request-log.ts rather than by nestjs-pino's pino-http middleware, which builds a
 * child logger and an async-local context for every request whatever the level: about a fifth
 * of the token endpoint's throughput. No headers, bodies or query strings are logged.
 */
export const loggerOptions = {
  inject: [appConfig.KEY],
  useFactory: (config: AppConfig): Params => ({
    pinoHttp: {
      // One pino instance (one stdout stream) for Nest's log lines and the request lines:
      // given only options, nestjs-pino builds two, and the shutdown could flush the wrong one.
      logger: pino({ level: config.logLevel }),
      serializers: {
        // Built by common/web/request-log.ts (loggedPath: no query string, no secret); only these fields.
        req: (req: { id?: number; method: string; url: string; ip?: string; userId?: number }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
          ip: req.ip,
          userId: req.userId,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    // No route gets nestjs-pino's request middleware; its logger is still the application's.
    forRoutes: [],
  }),
};
