import { Injectable } from '@nestjs/common';
import { TokenIssuer, TokenResponse } from '../../tokens/token-issuer.service';
import { grantableScopes, parseScope } from '../checks/scope';
import type { GrantContext, OAuthGrant } from './grant';

/** RFC 6749 §4.4: the client acting for itself; no refresh token (§4.4.3). */
@Injectable()
export class ClientCredentialsGrant implements OAuthGrant {
  static readonly descriptor = { type: 'client_credentials', requiredParams: [], enabled: () => true, confidentialOnly: true } as const;
  readonly descriptor = ClientCredentialsGrant.descriptor;

  constructor(private readonly issuer: TokenIssuer) {}

  async handle({ app, params, cnf }: GrantContext): Promise<TokenResponse> {
    const scopes = grantableScopes(parseScope(params.scope), app.scopes);
    const { response } = await this.issuer.issue({ app, userId: null, scopes, familyId: null, withRefreshToken: false, cnf });
    return response;
  }
}
