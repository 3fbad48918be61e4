import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { auditActor } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { Strategy } from 'passport-local';
import { FormError } from '../common/errors/form.error';
import type { SessionUser } from '../common/web/request-augment';
import { SignInService } from './sign-in.service';

/** passport-local: `username` (or e-mail) and `password` from the sign-in form. */
@Injectable()
export class LocalStrategy extends PassportStrategy(Strategy) {
  constructor(
    private readonly signIn: SignInService,
    private readonly audit: AuditService,
  ) {
    super({ usernameField: 'username', passwordField: 'password', passReqToCallback: true });
  }

  async validate(req: FastifyRequest, username: unknown, password: unknown): Promise<SessionUser> {
    const result = await this.signIn.attempt(username, password, req.ip);
    // The sign-in page only: the password grant's successes are counted, not logged row by row.
    const actor = auditActor(req);
    if (result.ok) {
      await this.audit.record(actor, { type: 'user.login.succeeded', userId: result.user.id });
      return result.user;
    }
    // Never the name typed: it may be a password typed in the wrong field.
    const accountId = 'accountId' in result ? (result.accountId ?? null) : null;
    await this.audit.record(actor, { type: 'user.login.failed', userId: accountId, details: { reason: result.reason } });
    if (result.reason === 'throttled') throw FormError.rateLimited('accounts.login.throttled', result.retryAfterSeconds);
    if (result.reason === 'disabled') throw FormError.form('accounts.login.disabled', 'unauthorized');
    // One message for an unknown account and a wrong password.
    throw FormError.form('accounts.login.invalid', result.reason === 'malformed' ? 'invalid' : 'unauthorized');
  }
}
