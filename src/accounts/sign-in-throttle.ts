import { Inject, Injectable } from '@nestjs/common';
import { FailureLimiter, RateLimitService } from '../common/rate-limit/rate-limit.service';
import { accountsConfig, AccountsConfig } from '../config/configuration';

const WINDOW_SECONDS = 15 * 60;

/**
 * Who waits after failed sign-ins (README, "Sign-in throttling"): the attacker, not the
 * victim. Failures are counted per (account, address) and per address, strictly: over either
 * limit, that address waits out the window. The count per account (every address together)
 * only slows guessing down: over it, an address that already failed on the account waits,
 * while an address with no failure on it still gets its try (the owner's right password
 * passes, a guess from a fresh address is one guess more before that address waits too).
 * Accounts are keyed as `login-key.ts` says.
 */
@Injectable()
export class SignInThrottle {
  private readonly perPair: FailureLimiter;
  private readonly perIp: FailureLimiter;
  private readonly perAccount: FailureLimiter;

  constructor(limits: RateLimitService, @Inject(accountsConfig.KEY) config: AccountsConfig) {
    this.perPair = limits.limiter('login-account-ip', config.loginMaxFailuresPerAccountAndIp, WINDOW_SECONDS);
    this.perIp = limits.limiter('login-ip', config.loginMaxFailuresPerIp, WINDOW_SECONDS);
    this.perAccount = limits.limiter('login-account', config.loginMaxFailuresPerAccount, WINDOW_SECONDS);
  }

  /** Seconds this address must wait before trying this account, or 0. */
  async waitFor(account: string, ip: string): Promise<number> {
    const [pair, address, overall] = await Promise.all([this.perPair.status(pairKey(account, ip)), this.perIp.status(ip), this.perAccount.status(account)]);
    if (pair.retryAfterSeconds > 0 || address.retryAfterSeconds > 0) {
      (pair.retryAfterSeconds >= address.retryAfterSeconds ? this.perPair : this.perIp).refused();
      return Math.max(pair.retryAfterSeconds, address.retryAfterSeconds);
    }
    if (pair.failures === 0 || overall.retryAfterSeconds === 0) return 0;
    this.perAccount.refused();
    return overall.retryAfterSeconds;
  }

  async failed(account: string, ip: string): Promise<void> {
    await Promise.all([this.perPair.fail(pairKey(account, ip)), this.perIp.fail(ip), this.perAccount.fail(account)]);
  }

  /**
   * A success forgets this address's failures on the account, not the account's own count
   * (the guesses of other addresses stay counted) nor the address's (its guesses elsewhere).
   */
  async succeeded(account: string, ip: string): Promise<void> {
    await this.perPair.reset(pairKey(account, ip));
  }

  /** A completed password reset: the account's count, and the failures of the address that completed it. */
  async cleared(account: string, ip: string): Promise<void> {
    await Promise.all([this.perAccount.reset(account), this.perPair.reset(pairKey(account, ip))]);
  }
}

const pairKey = (account: string, ip: string) => `${account}|${ip}`;
