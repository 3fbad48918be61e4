import { join } from 'node:path';
import { ValidationError, ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import passport from 'passport';
import { Logger } from 'nestjs-pino';
import { TypeormSessionStore } from './accounts/session.store';
import { SESSION_COOKIE } from './accounts/session.constants';
import { installSessionPassport } from './accounts/session-passport';
import { UsersService } from './accounts/users.service';
import { FormError } from './common/errors/form.error';
import { languageMiddleware } from './common/i18n/language.middleware';
import { translate } from './common/i18n/i18n';
import { csrfToken } from './common/web/csrf';
import { helmetDirectives, loginPageCsp } from './common/web/csp';
import { takeFlash } from './common/web/flash';
import { wantsJson } from './common/web/wants-json';
import { configureViews } from './common/web/views';
import { appConfig, AppConfig, sessionConfig, SessionConfig } from './config/configuration';
import { PROJECT_ROOT } from './config/paths';
import { setupOpenApi } from './openapi';

// Client-authenticated and bearer endpoints never use the session: skipping it keeps their
// hot path free of a session lookup.
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
  app.use('/accounts/login', loginPageCsp);
  app.useStaticAssets(join(PROJECT_ROOT, 'public'), { prefix: '/static/', maxAge: config.production ? '1d' : 0 });
  configureViews(app, config.production);
  app.use(cookieParser());
  app.use(languageMiddleware);

  const store = app.get(TypeormSessionStore);
  const sessionMiddleware = session({
    name: SESSION_COOKIE,
    secret: sessions.secret,
    store,
    resave: false,
    saveUninitialized: false,
    rolling: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: sessions.secureCookies, maxAge: sessions.ttlSeconds * 1000, path: '/' },
  });
  installSessionPassport(app.getHttpAdapter().getInstance(), app.get(UsersService));
  const passportInit = passport.initialize();
  const passportSession = passport.session();
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (SESSIONLESS.test(req.path)) return next();
    sessionMiddleware(req, res, (err?: unknown) =>
      err ? next(err) : passportInit(req, res, () => passportSession(req, res, next)));
  });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (SESSIONLESS.test(req.path)) return next();
    res.locals.currentUser = req.user;
    res.locals.currentPath = req.path;
    // A function, so that only pages that print it create a session.
    res.locals.csrfToken = () => csrfToken(req);
    if (req.method === 'GET' && req.session?.flash && !wantsJson(req)) {
      const flash = takeFlash(req)!;
      res.locals.flash = translate(req.lang, flash.key, flash.params);
    }
    next();
  });

  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      transform: true,
      exceptionFactory: (errors: ValidationError[]) => new FormError(flattenValidationErrors(errors)),
    }),
  );
  setupOpenApi(app);
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
