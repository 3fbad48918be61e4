import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import { appConfig, AppConfig } from './configuration';

// Paths that carry a secret in the URL itself (e-mail links) are logged without it.
const SECRET_PATH = /^(\/accounts\/(reset|verify_email)\/)[^?]*/;

export function redactUrl(url: string | undefined): string {
  const path = (url ?? '').split('?')[0];
  return path.replace(SECRET_PATH, '$1[redacted]');
}

/** Structured request logs (pino): one line per request, no bodies, headers or query strings. */
export const loggerOptions = {
  inject: [appConfig.KEY],
  useFactory: (config: AppConfig): Params => ({
    pinoHttp: {
      level: config.logLevel,
      // Health probes every few seconds would drown the log.
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' },
      customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
        err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
      serializers: {
        req: (req: { method: string; url: string; id: unknown }) => ({ id: req.id, method: req.method, url: redactUrl(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      redact: ['req.headers', 'res.headers'],
    },
  }),
};
