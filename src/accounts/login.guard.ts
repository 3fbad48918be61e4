import { ExecutionContext, Injectable } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { FormError } from '../common/errors/form.error';

/** Runs the local strategy, then starts the session (passport regenerates its id: no fixation). */
@Injectable()
export class LoginGuard extends AuthGuard('local') {
  override async canActivate(context: ExecutionContext): Promise<boolean> {
    const ok = (await super.canActivate(context)) as boolean;
    const req = context.switchToHttp().getRequest<Request>();
    await super.logIn(req);
    return ok;
  }

  override handleRequest<TUser>(err: unknown, user: TUser): TUser {
    if (err) throw err;
    // passport-local answers "missing credentials" without calling validate().
    if (!user) throw new FormError({ username: 'validation.required' }, [], 400);
    return user;
  }
}
