import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-local';
import { FormError } from '../common/errors/form.error';
import type { SessionUser } from '../common/web/request-augment';
import { SignInService } from './sign-in.service';

/** passport-local: `username` (or e-mail) and `password` from the sign-in form. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(private readonly signIn: SignInService) {
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true });
  }

  async validate(req: FastifyRequest, username: unknown, password: unknown): Promise<SessionUser> {
    const result = await this.signIn.attempt(username, password, req.ip);
    if (result.ok) return result.user;
    if (result.reason === 'throttled') throw FormError.rateLimited('accounts.login.throttled', result.retryAfterSeconds);
    // One message for an unknown account and a wrong password.
    throw FormError.form('accounts.login.invalid', result.reason === 'malformed' ? 'invalid' : 'unauthorized');
  }
}
