import { Inject, Injectable } from '@nestjs/common';
import { SCOPES } from '../../applications/application-rules';
import { appConfig, AppConfig } from '../../config/configuration';
import { PKCE_METHODS } from '../checks/pkce';
import { GrantRegistry } from '../grants/registry';

const CLIENT_AUTH = ['client_secret_basic', 'client_secret_post', 'none'];

/** RFC 8414 metadata: exactly what this server does, with the operator's switches applied. */
@Injectable()
export class MetadataService {
  readonly document: Record<string, unknown>;

  constructor(@Inject(appConfig.KEY) app: AppConfig, grants: GrantRegistry) {
    const iss = app.issuer;
    const enabled = grants.enabled.map((g) => g.descriptor);
    const distinct = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))];
    this.document = {
      issuer: iss,
      authorization_endpoint: `${iss}/oauth/authorize/`,
      token_endpoint: `${iss}/oauth/token/`,
      jwks_uri: `${iss}/oauth/jwks/`,
      scopes_supported: [...SCOPES],
      response_types_supported: distinct(enabled.map((g) => g.responseType)),
      response_modes_supported: distinct(enabled.map((g) => g.responseMode)),
      grant_types_supported: enabled.map((g) => g.type),
      token_endpoint_auth_methods_supported: CLIENT_AUTH,
      code_challenge_methods_supported: PKCE_METHODS,
      revocation_endpoint: `${iss}/oauth/revoke_token/`,
      revocation_endpoint_auth_methods_supported: CLIENT_AUTH,
      introspection_endpoint: `${iss}/oauth/introspect/`,
      // Confidential clients only: each sees its own tokens, a resource server every token.
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      authorization_response_iss_parameter_supported: true,
    };
  }
}
