import type { Application, TokenEndpointAuthMethod } from '../../applications/application.entity';
import { certificateHasSubject, certificateKeyRegistered } from '../../applications/certificate-subject';
import { type ClientCertificate, withinValidity } from '../../common/web/tls';

export const TLS_AUTH_METHODS: readonly TokenEndpointAuthMethod[] = ['tls_client_auth', 'self_signed_tls_client_auth'];

/**
 * RFC 8705 §2: the connection's certificate authenticates the client. tls_client_auth: it
 * chains to TLS_CLIENT_CA_FILE and carries the registered subject field (§2.1);
 * self_signed_tls_client_auth: its key is one the client registered, no CA involved (§2.2),
 * and it is within its dates.
 */
export async function certificateAuthenticates(app: Application, presented: ClientCertificate | null): Promise<boolean> {
  if (!presented) return false;
  if (app.tokenEndpointAuthMethod === 'tls_client_auth') {
    return presented.fromTrustedCa && !!app.tlsSubjectField && certificateHasSubject(presented.cert, app.tlsSubjectField, app.tlsSubjectValue ?? '');
  }
  return (
    app.tokenEndpointAuthMethod === 'self_signed_tls_client_auth' &&
    !!app.jwks &&
    withinValidity(presented.cert) &&
    certificateKeyRegistered(presented.cert, app.jwks)
  );
}
