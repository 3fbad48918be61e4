import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { FormError } from '../common/errors/form.error';
import type { SessionUser } from '../common/web/request-augment';
import { logIn } from './session-user';

/** Runs the local strategy, then starts the session (a new session id: no fixation). */
@Injectable()
export class LoginGuard extends AuthGuard('local') {
  override getAuthenticateOptions() {
    return { session: false };
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const ok = (await super.canActivate(context)) as boolean;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    await logIn(req, req.user as SessionUser);
    return ok;
  }

  override handleRequest<TUser>(err: unknown, user: TUser): TUser {
    if (err) throw err;
    // passport-local answers "missing credentials" without calling validate().
    if (!user) throw FormError.field('username', 'validation.required');
    return user;
  }
}
