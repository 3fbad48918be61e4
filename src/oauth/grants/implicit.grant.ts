import { Injectable } from '@nestjs/common';
import { uuidV7 } from '../../common/crypto/tokens';
import type { OAuthConfig } from '../../config/configuration';
import { IdTokensService } from '../../tokens/id-tokens.service';
import { TokenIssuer } from '../../tokens/token-issuer.service';
import { UserinfoService } from '../userinfo/userinfo.service';
import type { ApprovedAuthorization, OAuthGrant } from './grant';

/**
 * RFC 6749 §4.2: the access token straight in the redirect's fragment, for applications
 * registered for it while ALLOW_IMPLICIT_GRANT is on. No refresh token (§4.2.2). OIDC Core
 * §3.2: `id_token token` adds an ID token; `id_token` alone is an ID token carrying the claims.
 */
@Injectable()
export class ImplicitGrant implements OAuthGrant {
  static readonly descriptor = {
    type: 'implicit',
    requiredParams: [],
    enabled: (config: OAuthConfig) => config.allowImplicitGrant,
    responseTypes: ['token', 'id_token token', 'id_token'],
    responseMode: 'fragment',
    redirects: true,
    legacy: true,
  } as const;
  readonly descriptor = ImplicitGrant.descriptor;

  constructor(
    private readonly issuer: TokenIssuer,
    private readonly idTokens: IdTokensService,
    private readonly userinfo: UserinfoService,
  ) {}

  /** The token endpoint's own response (the same issuer), as fragment parameters. */
  async authorize(req: ApprovedAuthorization): Promise<Record<string, string>> {
    const types = req.responseType.split(' ');
    if (!types.includes('token')) return { id_token: await this.claimsIdToken(req) };
    const authentication = types.includes('id_token') ? req.authentication : undefined;
    const { response } = await this.issuer.issue({
      app: req.app,
      userId: req.userId,
      scopes: req.scopes,
      familyId: uuidV7(),
      withRefreshToken: false,
      authentication,
    });
    return Object.fromEntries(Object.entries(response).map(([name, value]) => [name, String(value)]));
  }

  /** No access token to call userinfo with: the claims of the scopes go in the ID token (OIDC Core §5.4). */
  private async claimsIdToken(req: ApprovedAuthorization): Promise<string> {
    const claims = (await this.userinfo.claims(req.userId, req.scopes)) ?? {};
    return this.idTokens.sign({ ...req.authentication, clientId: req.app.clientId, sub: String(req.userId), claims });
  }
}
