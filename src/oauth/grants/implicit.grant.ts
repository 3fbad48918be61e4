import { Injectable } from '@nestjs/common';
import { uuidV7 } from '../../common/crypto/tokens';
import type { OAuthConfig } from '../../config/configuration';
import { TokenIssuer } from '../../tokens/token-issuer.service';
import type { ApprovedAuthorization, OAuthGrant } from './grant';

/**
 * RFC 6749 §4.2: the access token straight in the redirect's fragment, for applications
 * registered for it while ALLOW_IMPLICIT_GRANT is on. No refresh token (§4.2.2).
 */
@Injectable()
export class ImplicitGrant implements OAuthGrant {
  static readonly descriptor = {
    type: 'implicit',
    requiredParams: [],
    enabled: (config: OAuthConfig) => config.allowImplicitGrant,
    responseType: 'token',
    responseMode: 'fragment',
    redirects: true,
    legacy: true,
  } as const;
  readonly descriptor = ImplicitGrant.descriptor;

  constructor(private readonly issuer: TokenIssuer) {}

  /** The token endpoint's own response (the same issuer), as fragment parameters. */
  async authorize(req: ApprovedAuthorization): Promise<Record<string, string>> {
    const { response } = await this.issuer.issue({ app: req.app, userId: req.userId, scopes: req.scopes, familyId: uuidV7(), withRefreshToken: false });
    return Object.fromEntries(Object.entries(response).map(([name, value]) => [name, String(value)]));
  }
}
