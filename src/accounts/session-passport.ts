import type { Application, Request } from 'express';
import passport from 'passport';
import type { SessionUser } from '../common/web/express-augment';
import { UsersService } from './users.service';

const USERS_LOCAL = 'sessionUsers';
let installed = false;

/**
 * The session keeps only the user id; the user is read fresh on each request. passport's
 * serializers are process-global, so they look up the UsersService of the Express app that
 * received the request: several apps in one process (tests, restarts) never mix users.
 */
export function installSessionPassport(expressApp: Application, users: UsersService): void {
  expressApp.locals[USERS_LOCAL] = users;
  if (installed) return;
  installed = true;
  passport.serializeUser((user: Express.User, done) => done(null, (user as SessionUser).id));
  passport.deserializeUser((req: Request, id: number, done: (err: unknown, user?: SessionUser | false) => void) => {
    const service = req.app.locals[USERS_LOCAL] as UsersService;
    service.findActiveSessionUser(id).then((u) => done(null, u ?? false), (err) => done(err));
  });
}
