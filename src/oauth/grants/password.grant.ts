import { Injectable } from '@nestjs/common';
import { SignInService } from '../../accounts/sign-in.service';
import { AuditService } from '../../audit/audit.service';
import { uuidV7 } from '../../common/crypto/tokens';
import { InvalidGrantError, PasswordGrantThrottledError } from '../../common/errors/oauth.error';
import type { OAuthConfig } from '../../config/configuration';
import { TokenIssuer, TokenResponse } from '../../tokens/token-issuer.service';
import { grantableScopes, parseScope } from '../checks/scope';
import type { GrantContext, OAuthGrant } from './grant';

/**
 * RFC 6749 §4.3, for applications registered for it while ALLOW_PASSWORD_GRANT is on. The
 * sign-in page's own check (SignInService): the same limits, counted together with the page.
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

  constructor(
    private readonly signIn: SignInService,
    private readonly issuer: TokenIssuer,
    private readonly audit: AuditService,
  ) {}

  async handle({ app, params, ip, cnf }: GrantContext): Promise<TokenResponse> {
    const scopes = grantableScopes(parseScope(params.scope), app.scopes);
    const result = await this.signIn.attempt(params.username, params.password, ip);
    if (!result.ok && result.reason === 'throttled') throw new PasswordGrantThrottledError(result.retryAfterSeconds);
    if (!result.ok) {
      const failure = { type: 'user.login.failed', userId: result.accountId ?? null, clientId: app.clientId, details: { reason: result.reason } } as const;
      await this.audit.record({ ip, userAgent: null }, failure);
      throw new InvalidGrantError(result.reason === 'disabled' ? 'The account is disabled' : 'The username or password is incorrect');
    }
    const { response } = await this.issuer.issue({ app, userId: result.user.id, scopes, familyId: uuidV7(), withRefreshToken: true, cnf });
    return response;
  }
}
