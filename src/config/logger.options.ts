import type { Params } from 'nestjs-pino';
import { appConfig, AppConfig } from './configuration';

// Paths that carry a secret in the URL itself (e-mail links) are logged without it.
const SECRET_PATH = /^(\/accounts\/(reset|verify_email)\/)[^?]*/;

export function redactUrl(url: string | undefined): string {
  const path = (url ?? '').split('?')[0];
  return path.replace(SECRET_PATH, '$1[redacted]');
}

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
      level: config.logLevel,
      serializers: {
        req: (req: { id?: number; method: string; url: string }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
    // No route gets nestjs-pino's request middleware; its logger is still the application's.
    forRoutes: [],
  }),
};
