import { Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { TokenResponse } from '../../tokens/token-issuer.service';
import { oauthConfig, OAuthConfig } from '../../config/configuration';
import { ClientAuthService } from '../client-auth/client-auth.service';
import { UnauthorizedClientError, UnsupportedGrantTypeError } from '../errors/oauth.error';
import { readFormParams, required } from './form-params';
import { AuthorizationCodeGrant } from './grants/authorization-code.grant';
import { ClientCredentialsGrant } from './grants/client-credentials.grant';
import { PasswordGrant } from './grants/password.grant';
import { RefreshTokenGrant } from './grants/refresh-token.grant';
import type { TokenGrant } from './grants/token-grant';

/** The token endpoint (RFC 6749 §3.2): parameters, client authentication, then the grant. */
@Injectable()
export class TokenService {
  private readonly grants = new Map<string, TokenGrant>();

  constructor(
    private readonly clientAuth: ClientAuthService,
    @Inject(oauthConfig.KEY) config: OAuthConfig,
    code: AuthorizationCodeGrant,
    password: PasswordGrant,
    clientCredentials: ClientCredentialsGrant,
    refresh: RefreshTokenGrant,
  ) {
    for (const grant of [code, clientCredentials, refresh]) this.grants.set(grant.grantType, grant);
    if (config.allowPasswordGrant) this.grants.set(password.grantType, password);
  }

  get grantTypes(): string[] {
    return [...this.grants.keys()];
  }

  async exchange(req: FastifyRequest): Promise<TokenResponse> {
    const params = readFormParams(req);
    const grant = this.grants.get(required(params, 'grant_type'));
    if (!grant) throw new UnsupportedGrantTypeError('The grant type is not supported');
    const app = await this.clientAuth.authenticate(req, params, { allowPublic: true });
    if (!app.grantTypes.includes(grant.grantType)) {
      throw new UnauthorizedClientError('The client is not registered for this grant type');
    }
    return grant.handle({ app, params, ip: req.ip ?? '' });
  }
}
