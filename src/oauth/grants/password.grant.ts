import { Inject, Injectable } from '@nestjs/common';
import { UsersService } from '../../accounts/users.service';
import { TokenIssuer, TokenResponse } from '../../tokens/token-issuer.service';
import { uuidV7 } from '../../common/crypto/tokens';
import { FailureLimiter, RateLimitService } from '../../common/rate-limit/rate-limit.service';
import { accountsConfig, AccountsConfig, OAuthConfig } from '../../config/configuration';
import { grantableScopes, parseScope } from '../checks/scope';
import { InvalidGrantError, PasswordGrantThrottledError } from '../errors/oauth.error';
import type { GrantContext, OAuthGrant } from './grant';

const WINDOW_SECONDS = 15 * 60;
const MAX_FIELD = 254;
const MAX_PASSWORD = 1024;

/**
 * RFC 6749 §4.3, for applications registered for it while ALLOW_PASSWORD_GRANT is on. Failed
 * sign-ins are counted per account and per address with the sign-in page's limits.
 */
@Injectable()
export class PasswordGrant implements OAuthGrant {
  static readonly descriptor = {
    type: 'password',
    requiredParams: ['username', 'password'],
    enabled: (config: OAuthConfig) => config.allowPasswordGrant,
    confidentialOnly: true,
    legacy: true,
  } as const;
  readonly descriptor = PasswordGrant.descriptor;
  private readonly perAccount: FailureLimiter;
  private readonly perIp: FailureLimiter;

  constructor(private readonly users: UsersService, private readonly issuer: TokenIssuer, limits: RateLimitService, @Inject(accountsConfig.KEY) config: AccountsConfig) {
    this.perAccount = limits.limiter('password-grant-account', config.loginMaxFailuresPerAccount, WINDOW_SECONDS);
    this.perIp = limits.limiter('password-grant-ip', config.loginMaxFailuresPerIp, WINDOW_SECONDS);
  }

  async handle({ app, params, ip }: GrantContext): Promise<TokenResponse> {
    const { username, password } = params;
    const scopes = grantableScopes(parseScope(params.scope), app.scopes);
    const account = username.trim().toLowerCase();
    const wait = Math.max(await this.perAccount.blockedFor(account), await this.perIp.blockedFor(ip));
    if (wait > 0) throw new PasswordGrantThrottledError(wait);
    const user = username.length <= MAX_FIELD && password.length <= MAX_PASSWORD ? await this.users.verifyCredentials(username, password) : null;
    if (!user) {
      await Promise.all([this.perAccount.fail(account), this.perIp.fail(ip)]);
      throw new InvalidGrantError('The username or password is incorrect');
    }
    await this.perAccount.reset(account);
    const { response } = await this.issuer.issue({ app, userId: user.id, scopes, familyId: uuidV7(), withRefreshToken: true });
    return response;
  }
}
