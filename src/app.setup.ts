import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { Server as HttpsServer } from 'node:https';
import { Logger as NestLogger, ValidationError, ValidationPipe, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import fastifyAccepts from '@fastify/accepts';
import fastifyCookie from '@fastify/cookie';
import { fastifySession } from '@fastify/session';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, onSendHookHandler } from 'fastify';
import helmet from 'helmet';
import { Logger, PinoLogger } from 'nestjs-pino';
import { TypeormSessionStore } from './accounts/session.store';
import { SESSION_COOKIE } from './accounts/session.constants';
import { restoreSessionUser } from './accounts/session-user';
import { UsersService } from './accounts/users.service';
import { FormError } from './common/errors/form.error';
import { installRequestLanguage, rememberLanguage } from './common/i18n/language.middleware';
import { translate } from './common/i18n/i18n';
import { csrfToken } from './common/web/csrf';
import { installCors } from './common/web/cors';
import { installDrain } from './common/web/drain';
import { installLoadShedding } from './common/web/load-shedding';
import { helmetDirectives, installRouteCsp } from './common/web/csp';
import { takeFlash } from './common/web/flash';
import { installRoutePolicy, policyOf, withPolicy } from './common/web/route-policy';
import { wantsJson } from './common/web/wants-json';
import { configureViews } from './common/web/views';
import { installRequestLog } from './common/web/request-log';
import { installSafeHeaders } from './common/web/safe-headers';
import { installSecurityHeaders } from './common/web/security-headers';
import { withQueryParam } from './common/web/same-origin';
import { httpsOptions, reloadOnSighup } from './common/web/tls';
import { appConfig, AppConfig, sessionConfig, SessionConfig, tlsConfig } from './config/configuration';
import { PROJECT_ROOT } from './config/paths';
import { MetricsService } from './metrics/metrics.service';
import { installRequestMetrics } from './metrics/request-metrics';
import { installOAuthErrorRoutes } from './oauth/oauth-routes';
import { setupOpenApi } from './openapi';

const BODY_LIMIT_BYTES = 64 * 1024;

/** The Nest application on Fastify, as main.ts and the e2e tests both start it. */
export async function createApp(rootModule: Type, options: { logger?: false; bufferLogs?: boolean } = {}): Promise<NestFastifyApplication> {
  const config = appConfig();
  // helmet's headers on every answer, worked out once (common/web/security-headers.ts).
  const securityHeaders = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: helmetDirectives() },
    // The issuer may be plain http on a developer's machine.
    hsts: config.issuer.startsWith('https://'),
    crossOriginResourcePolicy: { policy: 'same-site' },
    referrerPolicy: { policy: 'no-referrer' },
    frameguard: { action: 'deny' },
  });
  const tls = tlsConfig();
  const https = httpsOptions(tls);
  const adapter = new FastifyAdapter({
    // TLS_CERT_FILE + TLS_KEY_FILE: HTTPS on PORT (CONTRACT §10).
    ...(https ? { https } : {}),
    trustProxy: proxyTrust(config.trustProxy),
    bodyLimit: BODY_LIMIT_BYTES,
    // The Django paths end in a slash; either form reaches the route.
    // Long enough for any token in a path (e-mail links) to reach its route and be refused there.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
    // Request lines come from common/web/request-log.ts, at the application's level.
    logger: false,
    rewriteUrl: (req: { url?: string }) => literalPercents(req.url ?? '/'),
  });
  const app = await NestFactory.create<NestFastifyApplication>(rootModule, adapter, { ...options, abortOnError: false });
  await configureApp(app, securityHeaders);
  if (https) {
    const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
    const stop = reloadOnSighup(fastify.server as HttpsServer, tls, (message) => new NestLogger('Tls').log(message));
    fastify.addHook('onClose', (_instance, done) => {
      stop();
      done();
    });
  }
  return app;
}

/**
 * TRUST_PROXY=N means the N nearest hops are our proxies: the address the outermost of them
 * saw is the client's. Fastify (since 5.12) trusts nothing for a bare number, so say it as a
 * function. Only safe when the proxies are the only way in; a list of their addresses is
 * safer still.
 */
function proxyTrust(setting: boolean | number | string): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof setting === 'number' ? (_address, hop) => hop < setting : setting;
}

/**
 * A path with a broken percent-escape (`/accounts/reset/%ZZ/`) is taken literally, so that it
 * reaches its route and is refused there like any other bad link, with the page hooks, the
 * security headers and the reader's language, instead of the router's bare JSON 400.
 */
export function literalPercents(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (!path.includes('%')) return url;
  try {
    decodeURIComponent(path);
    return url;
  } catch {
    return path.replace(/%/g, '%25') + (q < 0 ? '' : url.slice(q));
  }
}

/** Everything around the Nest application: plugins, page hooks, pipes, OpenAPI. */
async function configureApp(app: NestFastifyApplication, securityHeaders: ReturnType<typeof helmet>): Promise<void> {
  const config = app.get<AppConfig>(appConfig.KEY);
  const sessions = app.get<SessionConfig>(sessionConfig.KEY);
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;

  app.useLogger(app.get(Logger));
  // Not SIGHUP (Nest's default list has it): SIGHUP reloads the TLS certificate.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  installRequestLog(fastify, () => PinoLogger.root);
  installDrain(fastify);
  installRequestMetrics(fastify, app.get(MetricsService));
  await installLoadShedding(app, config.maxEventLoopDelayMs, config.maxHeapUsedMb * 1024 * 1024);
  installSecurityHeaders(fastify, securityHeaders);
  await app.register(fastifyCookie);
  await app.register(fastifyAccepts);
  installRequestLanguage(fastify);
  fastify.decorateRequest('user', undefined);
  fastify.decorateRequest('formModel', undefined);
  // Route policy (common/web/route-policy.ts): read from each route's config, never its path.
  installRoutePolicy(fastify);
  installCors(fastify);
  installRouteCsp(fastify);
  installOAuthErrorRoutes(fastify);

  const session = await sessionHooks(fastify, app.get(TypeormSessionStore), sessions);
  const restoreUser = restoreSessionUser(app.get(UsersService));
  // Everything a page needs, skipped as a whole by the routes whose policy is `sessionless`.
  fastify.addHook('onRequest', (req, reply, done) => {
    if (policyOf(req).sessionless) return done();
    session
      .onRequest(req, reply)
      .then(() => {
        rememberLanguage(req, reply);
        return restoreUser(req);
      })
      .then(() => {
        pageLocals(req, reply);
        done();
      }, done);
  });
  // Saves a changed session and sets its cookie; nothing to do where no session was loaded. A
  // save that fails (the database is down) fails the request once: the error page that
  // follows does not try again.
  const saveFailed = new WeakSet<FastifyRequest>();
  fastify.addHook('onSend', (req, reply, payload, done) => {
    if (saveFailed.has(req)) return done(null, payload);
    session.onSend.call(fastify, req, reply, payload, (err?: Error | null) => {
      if (!err) return done(null, payload);
      saveFailed.add(req);
      done(err);
    });
  });
  installSafeHeaders(fastify);

  await withPolicy(fastify, { sessionless: true }, (scope) =>
    scope.register(fastifyStatic, { root: join(PROJECT_ROOT, 'public'), prefix: '/static/', maxAge: config.production ? '1d' : 0 }),
  );
  configureViews(app, config.production);
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      transform: true,
      exceptionFactory: (errors: ValidationError[]) => new FormError(flattenValidationErrors(errors)),
    }),
  );
  await setupOpenApi(app);
}

/**
 * @fastify/session (server-side sessions in our store, a signed HttpOnly cookie). Its hooks are
 * handed back rather than added, so that the page hook above decides where sessions load.
 */
async function sessionHooks(fastify: FastifyInstance, store: TypeormSessionStore, sessions: SessionConfig) {
  const hooks: { onRequest?: onRequestHookHandler; onSend?: onSendHookHandler } = {};
  const collecting = Object.create(fastify, {
    addHook: { value: (name: 'onRequest' | 'onSend', hook: never) => void (hooks[name] = hook) },
  }) as FastifyInstance;
  await new Promise<void>((resolve, reject) =>
    fastifySession(
      collecting,
      {
        cookieName: SESSION_COOKIE,
        secret: sessions.secret,
        store,
        saveUninitialized: false,
        rolling: false,
        cookie: { httpOnly: true, sameSite: 'lax', secure: sessions.secureCookies, maxAge: sessions.ttlSeconds * 1000, path: '/' },
      },
      (err?: Error) => (err ? reject(err) : resolve()),
    ),
  );
  const { onRequest, onSend } = hooks;
  if (!onRequest || !onSend) throw new Error('@fastify/session did not add its hooks');
  return {
    onRequest: (req: FastifyRequest, reply: FastifyReply) =>
      new Promise<void>((resolve, reject) => onRequest.call(fastify, req, reply, (err?: Error) => (err ? reject(err) : resolve()))),
    onSend,
  };
}

/** What every page's template may print: the user, the path, the CSRF token, a flash message. */
function pageLocals(req: FastifyRequest, reply: FastifyReply): void {
  const locals: Record<string, unknown> = {
    currentUser: req.user,
    // Built from the request's own path and query, never printed raw (`//evil.example/`).
    languageLinks: { en: withQueryParam(req.url, 'lang', 'en'), zhCN: withQueryParam(req.url, 'lang', 'zh-CN') },
    // A function, so that only pages that print it create a session.
    csrfToken: () => csrfToken(req),
  };
  if (req.method === 'GET' && req.session?.flash && !wantsJson(req)) {
    const flash = takeFlash(req)!;
    locals.flash = translate(req.lang, flash.key, flash.params);
  }
  reply.locals = locals;
}

/** class-validator errors → { field: translationKey } (the first failed rule of each field). */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) {
    const name = prefix + e.property;
    const first = e.constraints ? Object.values(e.constraints)[0] : undefined;
    if (first) out[name] = first.includes(' ') ? 'validation.invalid' : first;
    if (e.children?.length) Object.assign(out, flattenValidationErrors(e.children, `${name}.`));
  }
  return out;
}
