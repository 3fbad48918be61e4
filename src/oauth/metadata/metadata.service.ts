import { Inject, Injectable } from '@nestjs/common';
import { SCOPES } from '../../applications/application-rules';
import { appConfig, AppConfig, oauthConfig, OAuthConfig } from '../../config/configuration';
import { PKCE_METHODS } from '../checks/pkce';
import { TokenService } from '../token/token.service';

const CLIENT_AUTH = ['client_secret_basic', 'client_secret_post', 'none'];

/** RFC 8414 metadata: exactly what this server does, with the operator's switches applied. */
@Injectable()
export class MetadataService {
  readonly document: Record<string, unknown>;

  constructor(@Inject(appConfig.KEY) app: AppConfig, @Inject(oauthConfig.KEY) oauth: OAuthConfig, tokens: TokenService) {
    const iss = app.issuer;
    const implicit = oauth.allowImplicitGrant;
    this.document = {
      issuer: iss,
      authorization_endpoint: `${iss}/oauth/authorize/`,
      token_endpoint: `${iss}/oauth/token/`,
      jwks_uri: `${iss}/oauth/jwks/`,
      scopes_supported: [...SCOPES],
      response_types_supported: implicit ? ['code', 'token'] : ['code'],
      response_modes_supported: implicit ? ['query', 'fragment'] : ['query'],
      grant_types_supported: implicit ? [...tokens.grantTypes, 'implicit'] : tokens.grantTypes,
      token_endpoint_auth_methods_supported: CLIENT_AUTH,
      code_challenge_methods_supported: PKCE_METHODS,
      revocation_endpoint: `${iss}/oauth/revoke_token/`,
      revocation_endpoint_auth_methods_supported: CLIENT_AUTH,
      introspection_endpoint: `${iss}/oauth/introspect/`,
      // Confidential clients, or a Bearer token with the `introspection` scope.
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'bearer'],
      authorization_response_iss_parameter_supported: true,
    };
  }
}
