import { Inject, Injectable } from '@nestjs/common';
import { UsersService } from '../../accounts/users.service';
import { AuditService } from '../../audit/audit.service';
import { Confirmation, confirms } from '../../tokens/confirmation';
import { RefreshToken } from '../../tokens/refresh-token.entity';
import { RefreshTokensService } from '../../tokens/refresh-tokens.service';
import { TokenIssuer, TokenResponse } from '../../tokens/token-issuer.service';
import { oauthConfig, OAuthConfig } from '../../config/configuration';
import { grantableScopes, parseScope } from '../checks/scope';
import { InvalidGrantError } from '../../common/errors/oauth.error';
import type { GrantContext, OAuthGrant } from './grant';

const INVALID = 'The refresh token is invalid, expired or revoked';

/**
 * RFC 6749 §6 with rotation and reuse detection (RFC 9700 §4.14.2). A rotated token presented
 * again within the grace window is a lost race (two tabs refreshing at once): refused, nothing
 * revoked. After the window it is a replay: the whole family is revoked.
 */
@Injectable()
export class RefreshTokenGrant implements OAuthGrant {
  static readonly descriptor = {
    type: 'refresh_token',
    requiredParams: ['refresh_token'],
    enabled: () => true,
    // Refresh tokens are issued only by the grants that act for a user.
    requiresOneOf: { types: ['authorization_code', 'password'], message: 'applications.errors.refreshNeedsGrant' },
  } as const;
  readonly descriptor = RefreshTokenGrant.descriptor;

  constructor(
    private readonly refreshTokens: RefreshTokensService,
    private readonly issuer: TokenIssuer,
    private readonly users: UsersService,
    @Inject(oauthConfig.KEY) private readonly config: OAuthConfig,
    private readonly audit: AuditService,
  ) {}

  async handle({ app, params, cnf, ip }: GrantContext): Promise<TokenResponse> {
    const token = await this.refreshTokens.findByToken(params.refresh_token);
    // A token of another client is simply invalid for this one (RFC 6749 §10.4).
    if (!token || token.applicationId !== app.id || token.revokedAt || token.expiresAt.getTime() <= Date.now()) {
      throw new InvalidGrantError(INVALID);
    }
    // A bound refresh token needs the same certificate or DPoP key (RFC 8705 §3, RFC 9449 §5).
    if (token.cnf && !confirms(JSON.parse(token.cnf) as Confirmation, cnf)) {
      throw new InvalidGrantError('The refresh token is bound to another certificate or key');
    }
    // The scope may only narrow; the new refresh token keeps the original scope (§6).
    const scopes = grantableScopes(parseScope(params.scope), token.scopes).filter((s) => app.scopes.includes(s));
    if (token.rotatedAt) {
      await this.onReuse(token, app.clientId, ip);
      throw new InvalidGrantError(INVALID);
    }
    if (!(await this.users.findActiveSessionUser(token.userId))) {
      await this.refreshTokens.revokeFamilies([token.familyId]);
      throw new InvalidGrantError(INVALID);
    }
    // Claim and issue together: a failure in between must not lose the grant.
    const response = await this.issuer.rotate(token.id, {
      app,
      userId: token.userId,
      scopes,
      familyId: token.familyId,
      withRefreshToken: true,
      refreshScopes: token.scopes,
      cnf,
    });
    // Claim lost just now to a concurrent request: inside the grace window by definition.
    if (!response) throw new InvalidGrantError(INVALID);
    return response;
  }

  /** A rotated token presented again: after the grace window, a replay that revokes the family. */
  private async onReuse(token: RefreshToken, clientId: string, ip: string): Promise<void> {
    if (!token.rotatedAt || Date.now() - token.rotatedAt.getTime() <= this.config.refreshReuseGraceSeconds * 1000) return;
    await this.refreshTokens.revokeFamilies([token.familyId]);
    await this.audit.record({ ip, userAgent: null }, { type: 'refresh_token.reuse_detected', userId: token.userId, clientId });
  }
}
