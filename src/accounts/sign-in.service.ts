import { Injectable } from '@nestjs/common';
import { MetricsService } from '../metrics/metrics.service';
import type { SessionUser } from '../common/web/request-augment';
import { accountKey, unknownLoginKey } from './login-key';
import { SignInThrottle } from './sign-in-throttle';
import { UsersService } from './users.service';

const MAX_LOGIN = 254;
const MAX_PASSWORD = 1024;

export type SignInResult =
  | { ok: true; user: SessionUser }
  /** `malformed`: a field longer than any account's (not counted: it cannot be a guess). */
  | { ok: false; reason: 'invalid' | 'malformed' | 'disabled'; accountId?: number }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * A username-or-e-mail and password sign-in, for the sign-in page (passport-local) and the
 * password grant alike: one throttle (SignInThrottle), so the two share their budget, keyed by
 * the account whatever name it was given. Only failures are counted, so clients that sign in
 * often are not slowed down. The caller decides how to answer.
 */
@Injectable()
export class SignInService {
  constructor(
    private readonly users: UsersService,
    private readonly throttle: SignInThrottle,
    private readonly metrics: MetricsService,
  ) {}

  /** `login` and `password` as the request sent them: a JSON body may carry any type. */
  async attempt(login: unknown, password: unknown, ip: string): Promise<SignInResult> {
    if (typeof login !== 'string' || typeof password !== 'string') return { ok: false, reason: 'malformed' };
    if (login.length > MAX_LOGIN || password.length > MAX_PASSWORD) return { ok: false, reason: 'malformed' };
    const account = await this.users.findByLogin(login);
    const key = account ? accountKey(account.id) : unknownLoginKey(login);
    const wait = await this.throttle.waitFor(key, ip);
    if (wait > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: wait };
    const user = await this.users.checkPassword(account, password);
    this.metrics.signIn(user && user !== 'disabled' ? 'succeeded' : 'failed');
    if (user === 'disabled') return { ok: false, reason: 'disabled', accountId: account!.id };
    if (!user) {
      await this.throttle.failed(key, ip);
      return { ok: false, reason: 'invalid', accountId: account?.id };
    }
    await this.throttle.succeeded(key, ip);
    return { ok: true, user };
  }
}
