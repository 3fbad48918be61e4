import { InvalidClientError, InvalidRequestError } from '../../common/errors/oauth.error';
import type { OAuthParams } from '../token/form-params';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none';

export interface PresentedCredentials {
  clientId: string;
  secret?: string;
  method: ClientAuthMethod;
}

const MAX = 256;

// RFC 6749 §2.3.1: id and secret are form-urlencoded before they go into the Basic header.
function formDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    throw new InvalidClientError('The client credentials are malformed');
  }
}

function fromBasic(header: string): { clientId: string; secret: string } {
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) throw new InvalidClientError('The client credentials are malformed');
  return { clientId: formDecode(decoded.slice(0, colon)), secret: formDecode(decoded.slice(colon + 1)) };
}

/**
 * Which client the request says it is and how it proves it. One method only (RFC 6749 §2.3):
 * a Basic header and a body secret together are refused.
 */
export function presentedCredentials(authorization: string | undefined, params: OAuthParams): PresentedCredentials {
  let creds: PresentedCredentials;
  if (authorization && /^basic /i.test(authorization)) {
    if (params.client_secret !== undefined) throw new InvalidRequestError('Use only one client authentication method');
    const basic = fromBasic(authorization);
    if (params.client_id !== undefined && params.client_id !== basic.clientId) {
      throw new InvalidRequestError('client_id does not match the authenticated client');
    }
    creds = { ...basic, method: 'client_secret_basic' };
  } else if (params.client_id === undefined) {
    throw new InvalidClientError('Client authentication is required');
  } else if (params.client_secret !== undefined) {
    creds = { clientId: params.client_id, secret: params.client_secret, method: 'client_secret_post' };
  } else {
    creds = { clientId: params.client_id, method: 'none' };
  }
  if (creds.clientId.length > MAX || (creds.secret?.length ?? 0) > MAX) throw new InvalidClientError('Client authentication failed');
  return creds;
}
