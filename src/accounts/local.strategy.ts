import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { FormError } from '../common/errors/form.error';
import type { SessionUser } from '../common/web/request-augment';
import { LoginThrottle } from './login-throttle.service';
import { UsersService } from './users.service';

const MAX_FIELD = 254;
const MAX_PASSWORD = 1024;

/** passport-local: `username` (or e-mail) and `password` from the sign-in form. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly users: UsersService, private readonly throttle: LoginThrottle) {
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true });
  }

  async validate(req: FastifyRequest, username: string, password: string): Promise<SessionUser> {
    if (username.length > MAX_FIELD || password.length > MAX_PASSWORD) throw FormError.form('accounts.login.invalid', 400);
    const ip = req.ip;
    await this.throttle.assertAllowed(username, ip);
    const user = await this.users.verifyCredentials(username, password);
    if (!user) {
      await this.throttle.recordFailure(username, ip);
      // One message for an unknown account and a wrong password.
      throw FormError.form('accounts.login.invalid', 401);
    }
    await this.throttle.recordSuccess(username);
    return user;
  }
}
