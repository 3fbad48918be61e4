import { join } from 'node:path';
import { ValidationError, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import { Router } from 'express';
import type { Express, NextFunction, Request, Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import passport from 'passport';
import { Logger, PinoLogger } from 'nestjs-pino';
import { TypeormSessionStore } from './accounts/session.store';
import { SESSION_COOKIE } from './accounts/session.constants';
import { installSessionPassport } from './accounts/session-passport';
import { UsersService } from './accounts/users.service';
import { FormError } from './common/errors/form.error';
import { installRequestLanguage, rememberLanguage } from './common/i18n/language.middleware';
import { translate } from './common/i18n/i18n';
import { csrfToken } from './common/web/csrf';
import { helmetDirectives, loginPageCsp } from './common/web/csp';
import { takeFlash } from './common/web/flash';
import { wantsJson } from './common/web/wants-json';
import { configureViews } from './common/web/views';
import { requestLog } from './common/web/request-log';
import { appConfig, AppConfig, sessionConfig, SessionConfig } from './config/configuration';
import { PROJECT_ROOT } from './config/paths';
import { setupOpenApi } from './openapi';

// Client-authenticated and bearer endpoints use no session, cookie or page state: their hot
// path skips the whole page middleware stack.
const SESSIONLESS = /^\/(oauth\/(token|revoke_token|introspect|jwks)|accounts\/resource|\.well-known|health|static)(\/|\.|$)/;

/** Everything main.ts and the e2e tests both need around the Nest application. */
export function configureApp(app: NestExpressApplication): void {
  const config = app.get<AppConfig>(appConfig.KEY);
  const sessions = app.get<SessionConfig>(sessionConfig.KEY);

  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxy);
  app.disable('x-powered-by');
  app.enableShutdownHooks();
  app.useBodyParser('json', { limit: '64kb' });
  app.useBodyParser('urlencoded', { limit: '64kb', extended: false, parameterLimit: 200 });

  app.use(requestLog(() => PinoLogger.root, (req) => req.path === '/health'));
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: helmetDirectives(),
      },
      // The issuer may be plain http on a developer's machine.
      hsts: config.issuer.startsWith('https://'),
      crossOriginResourcePolicy: { policy: 'same-site' },
      referrerPolicy: { policy: 'no-referrer' },
      frameguard: { action: 'deny' },
    }),
  );
  const expressApp: Express = app.getHttpAdapter().getInstance();
  // Answers are dynamic (CSRF tokens, no-store JSON): hashing each body for an ETag buys nothing.
  app.set('etag', false);
  installRequestLanguage(expressApp);
  app.use('/accounts/login', loginPageCsp);
  app.useStaticAssets(join(PROJECT_ROOT, 'public'), { prefix: '/static/', maxAge: config.production ? '1d' : 0 });
  configureViews(app, config.production);

  const sessionMiddleware = session({
    name: SESSION_COOKIE,
    secret: sessions.secret,
    store: app.get(TypeormSessionStore),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: sessions.secureCookies, maxAge: sessions.ttlSeconds * 1000, path: '/' },
  });
  installSessionPassport(expressApp, app.get(UsersService));
  const pageStack = Router().use(cookieParser(), rememberLanguage, sessionMiddleware, passport.initialize(), passport.session(), pageLocals);
  // Everything a page needs, skipped as a whole by the client-authenticated and bearer paths.
  app.use((req: Request, res: Response, next: NextFunction) => (SESSIONLESS.test(req.path) ? next() : pageStack(req, res, next)));

  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      transform: true,
      exceptionFactory: (errors: ValidationError[]) => new FormError(flattenValidationErrors(errors)),
    }),
  );
  setupOpenApi(app);
}

/** What every page's template may print: the user, the path, the CSRF token, a flash message. */
function pageLocals(req: Request, res: Response, next: NextFunction): void {
  res.locals.currentUser = req.user;
  res.locals.currentPath = req.path;
  // A function, so that only pages that print it create a session.
  res.locals.csrfToken = () => csrfToken(req);
  if (req.method === 'GET' && req.session?.flash && !wantsJson(req)) {
    const flash = takeFlash(req)!;
    res.locals.flash = translate(req.lang, flash.key, flash.params);
  }
  next();
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
