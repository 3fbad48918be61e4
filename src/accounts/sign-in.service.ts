import { MetricsService } from '../metrics/metrics.service';
import { Inject, Injectable } from '@nestjs/common';
import { FailureLimiter, RateLimitService } from '../common/rate-limit/rate-limit.service';
import type { SessionUser } from '../common/web/request-augment';
import { accountsConfig, AccountsConfig } from '../config/configuration';
import { UsersService } from './users.service';

const WINDOW_SECONDS = 15 * 60;
const MAX_LOGIN = 254;
const MAX_PASSWORD = 1024;

export type SignInResult =
  | { ok: true; user: SessionUser }
  /** `malformed`: a field longer than any account's (not counted: it cannot be a guess). */
  | { ok: false; reason: 'invalid' | 'malformed' }
  | { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * A username-or-e-mail and password sign-in, for the sign-in page (passport-local) and the
 * password grant alike: one throttle, so the two share their budget. Failures are counted per
 * account and per address; a success clears the account's count and is never itself counted,
 * so clients that sign in often are not slowed down. The caller decides how to answer.
 */
@Injectable()
export class SignInService {
  private readonly perAccount: FailureLimiter;
  private readonly perIp: FailureLimiter;

  constructor(
    private readonly users: UsersService,
    limits: RateLimitService,
    private readonly metrics: MetricsService,
    @Inject(accountsConfig.KEY) config: AccountsConfig,
  ) {
    this.perAccount = limits.limiter('login-account', config.loginMaxFailuresPerAccount, WINDOW_SECONDS);
    this.perIp = limits.limiter('login-ip', config.loginMaxFailuresPerIp, WINDOW_SECONDS);
  }

  async attempt(login: string, password: string, ip: string): Promise<SignInResult> {
    if (login.length > MAX_LOGIN || password.length > MAX_PASSWORD) return { ok: false, reason: 'malformed' };
    const account = accountKey(login);
    const [a, b] = await Promise.all([this.perAccount.blockedFor(account), this.perIp.blockedFor(ip)]);
    if (Math.max(a, b) > 0) return { ok: false, reason: 'throttled', retryAfterSeconds: Math.max(a, b) };
    const user = await this.users.verifyCredentials(login, password);
    this.metrics.signIn(user ? 'succeeded' : 'failed');
    if (!user) {
      await Promise.all([this.perAccount.fail(account), this.perIp.fail(ip)]);
      return { ok: false, reason: 'invalid' };
    }
    await this.perAccount.reset(account);
    return { ok: true, user };
  }
}

const accountKey = (login: string) => login.trim().toLowerCase();
