import type { ClientType, TokenEndpointAuthMethod } from './application.entity';
import type { GrantDescriptor } from './grant-catalog';

// No `introspection`: introspecting other clients' tokens is staff's to give (resource servers).
export const SCOPES = ['read', 'write', 'profile', 'email', 'groups', 'openid'] as const;
export type Scope = (typeof SCOPES)[number];

const LOOPBACK_HOSTS = new Set(['127.0.0.1', '[::1]', 'localhost']);

export function isLoopbackHost(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * A redirect URI an application may register: absolute, no fragment (RFC 6749 §3.1.2), no
 * userinfo, https unless it points at the loopback interface (RFC 8252 §7.3). Returns a
 * translation key for the problem, or undefined when the URI is acceptable.
 */
export function redirectUriProblem(uri: string): string | undefined {
  if (uri.length > 2000 || /\s/.test(uri)) return 'applications.errors.redirectUriInvalid';
  // A URI is ASCII (RFC 3986 §2), and it goes into a Location header as it is.
  if (!/^[\x21-\x7e]+$/.test(uri)) return 'applications.errors.redirectUriAscii';
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'applications.errors.redirectUriInvalid';
  }
  if (uri.includes('#')) return 'applications.errors.redirectUriFragment';
  if (url.username || url.password) return 'applications.errors.redirectUriInvalid';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  return 'applications.errors.redirectUriHttps';
}

export interface ClientShape {
  clientType: ClientType;
  grantTypes: string[];
  redirectUris: string[];
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
}

/**
 * Grant types, client type and authentication method must agree, by the rules each grant
 * declares (GrantDescriptor); returns field → message key.
 */
export function clientShapeProblems(c: ClientShape, catalog: readonly GrantDescriptor[]): Record<string, string> {
  const problems: Record<string, string> = {};
  const grants = c.grantTypes.map((type) => catalog.find((g) => g.type === type));
  if (c.grantTypes.length === 0) problems.grant_types = 'applications.errors.grantTypesRequired';
  if (c.clientType === 'public' && c.tokenEndpointAuthMethod !== 'none') {
    problems.token_endpoint_auth_method = 'applications.errors.publicAuthMethod';
  }
  if (c.clientType === 'confidential' && c.tokenEndpointAuthMethod === 'none') {
    problems.token_endpoint_auth_method = 'applications.errors.confidentialAuthMethod';
  }
  if (grants.some((g) => !g)) return { ...problems, grant_types: 'applications.errors.unknownGrant' };
  const known = grants as GrantDescriptor[];
  // A public client cannot keep a secret, so it cannot use grants that rely on one.
  if (c.clientType === 'public' && known.some((g) => g.confidentialOnly)) problems.grant_types = 'applications.errors.publicGrant';
  for (const g of known) {
    if (g.requiresOneOf && !g.requiresOneOf.types.some((t) => c.grantTypes.includes(t))) problems.grant_types = g.requiresOneOf.message;
  }
  if (known.some((g) => g.redirects) && c.redirectUris.length === 0) problems.redirect_uris = 'applications.errors.redirectUrisRequired';
  return problems;
}
