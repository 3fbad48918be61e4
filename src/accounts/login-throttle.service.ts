import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { FormError } from '../common/errors/form.error';
import { FailureLimiter, RateLimitService } from '../common/rate-limit/rate-limit.service';
import { accountsConfig, AccountsConfig } from '../config/configuration';

const WINDOW_SECONDS = 15 * 60;

/**
 * Failed sign-ins are counted per account and per IP; a success clears the account's count
 * and is never itself counted, so clients that sign in often are not slowed down.
 */
@Injectable()
export class LoginThrottle {
  private readonly perAccount: FailureLimiter;
  private readonly perIp: FailureLimiter;

  constructor(limits: RateLimitService, @Inject(accountsConfig.KEY) config: AccountsConfig) {
    this.perAccount = limits.limiter('login-account', config.loginMaxFailuresPerAccount, WINDOW_SECONDS);
    this.perIp = limits.limiter('login-ip', config.loginMaxFailuresPerIp, WINDOW_SECONDS);
  }

  async assertAllowed(login: string, ip: string): Promise<void> {
    const [a, b] = await Promise.all([this.perAccount.blockedFor(accountKey(login)), this.perIp.blockedFor(ip)]);
    const wait = Math.max(a, b);
    if (wait > 0) {
      throw FormError.form('accounts.login.throttled', HttpStatus.TOO_MANY_REQUESTS, {
        retryAfterSeconds: wait,
        minutes: Math.ceil(wait / 60),
      });
    }
  }

  async recordFailure(login: string, ip: string): Promise<void> {
    await Promise.all([this.perAccount.fail(accountKey(login)), this.perIp.fail(ip)]);
  }

  async recordSuccess(login: string): Promise<void> {
    await this.perAccount.reset(accountKey(login));
  }
}

const accountKey = (login: string) => login.trim().toLowerCase();
