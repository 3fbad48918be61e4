import { Inject, Injectable } from '@nestjs/common';
import { SCOPES } from '../../applications/application-rules';
import { DPOP_ALGS } from '../../common/errors/oauth.error';
import { appConfig, AppConfig, tlsConfig, TlsConfig } from '../../config/configuration';
import { SigningKeysService } from '../../tokens/keys/signing-keys.service';
import { PROMPTS } from '../checks/oidc-params';
import { PKCE_METHODS } from '../checks/pkce';
import { TLS_AUTH_METHODS } from '../client-auth/tls-client-auth';
import { GrantRegistry } from '../grants/registry';

const CLIENT_AUTH = ['client_secret_basic', 'client_secret_post', 'none'];

/** The claims userinfo can give (oauth/userinfo/userinfo.service.ts). */
const CLAIMS = ['sub', 'iss', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'at_hash', 'sid', 'preferred_username', 'email', 'email_verified', 'groups'];

/**
 * RFC 8414 metadata and OpenID Connect Discovery 1.0 §3: exactly what this server does, with
 * the operator's switches applied. The OpenID document is the RFC 8414 one plus the OIDC fields.
 */
@Injectable()
export class MetadataService {
  readonly document: Record<string, unknown>;
  readonly openidConfiguration: Record<string, unknown>;

  constructor(@Inject(appConfig.KEY) app: AppConfig, @Inject(tlsConfig.KEY) tls: TlsConfig, grants: GrantRegistry, keys: SigningKeysService) {
    const iss = app.issuer;
    // RFC 8705: offered when the server can see client certificates (its own TLS, or a proxy's header).
    const mtls = !!(tls.certFile || tls.clientCertHeader);
    const clientAuth = mtls ? [...CLIENT_AUTH, ...TLS_AUTH_METHODS] : CLIENT_AUTH;
    const enabled = grants.enabled.map((g) => g.descriptor);
    const distinct = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => !!v))];
    this.document = {
      issuer: iss,
      authorization_endpoint: `${iss}/oauth/authorize/`,
      token_endpoint: `${iss}/oauth/token/`,
      jwks_uri: `${iss}/oauth/jwks/`,
      scopes_supported: [...SCOPES],
      response_types_supported: distinct(enabled.flatMap((g) => g.responseTypes ?? [])),
      response_modes_supported: distinct(enabled.map((g) => g.responseMode)),
      grant_types_supported: enabled.map((g) => g.type),
      token_endpoint_auth_methods_supported: clientAuth,
      code_challenge_methods_supported: PKCE_METHODS,
      revocation_endpoint: `${iss}/oauth/revoke_token/`,
      revocation_endpoint_auth_methods_supported: clientAuth,
      introspection_endpoint: `${iss}/oauth/introspect/`,
      // Confidential clients only: each sees its own tokens, a resource server every token.
      introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', ...(mtls ? TLS_AUTH_METHODS : [])],
      authorization_response_iss_parameter_supported: true,
      ...(mtls ? { tls_client_certificate_bound_access_tokens: true } : {}),
      dpop_signing_alg_values_supported: DPOP_ALGS,
    };
    this.openidConfiguration = {
      ...this.document,
      userinfo_endpoint: `${iss}/oauth/userinfo/`,
      end_session_endpoint: `${iss}/oauth/logout/`,
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: [keys.algorithm],
      claims_supported: CLAIMS,
      prompt_values_supported: [...PROMPTS],
      // The defaults of Discovery §3 for what we do not do: `request_uri` defaults to true.
      request_uri_parameter_supported: false,
      claims_parameter_supported: false,
      request_parameter_supported: false,
    };
  }
}
