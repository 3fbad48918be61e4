import type { ClientType, GrantType, TokenEndpointAuthMethod } from './application.entity';

export const GRANT_TYPES: GrantType[] = ['authorization_code', 'implicit', 'password', 'client_credentials', 'refresh_token'];
export const SCOPES = ['read', 'write', 'profile', 'email', 'groups', 'introspection'] as const;
export type Scope = (typeof SCOPES)[number];
/** Grants RFC 9700 advises against; offered only for applications that need them. */
export const LEGACY_GRANTS: GrantType[] = ['implicit', 'password'];

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
  grantTypes: GrantType[];
  redirectUris: string[];
  tokenEndpointAuthMethod: TokenEndpointAuthMethod;
}

/** Grant types, client type and authentication method must agree; returns field → message key. */
export function clientShapeProblems(c: ClientShape): Record<string, string> {
  const problems: Record<string, string> = {};
  const has = (g: GrantType) => c.grantTypes.includes(g);
  if (c.grantTypes.length === 0) problems.grant_types = 'applications.errors.grantTypesRequired';
  if (c.clientType === 'public' && c.tokenEndpointAuthMethod !== 'none') {
    problems.token_endpoint_auth_method = 'applications.errors.publicAuthMethod';
  }
  if (c.clientType === 'confidential' && c.tokenEndpointAuthMethod === 'none') {
    problems.token_endpoint_auth_method = 'applications.errors.confidentialAuthMethod';
  }
  // A public client cannot keep a secret, so it cannot use grants that rely on one.
  if (c.clientType === 'public' && (has('client_credentials') || has('password'))) {
    problems.grant_types = 'applications.errors.publicGrant';
  }
  if (has('refresh_token') && !has('authorization_code') && !has('password')) {
    problems.grant_types = 'applications.errors.refreshNeedsGrant';
  }
  if ((has('authorization_code') || has('implicit')) && c.redirectUris.length === 0) {
    problems.redirect_uris = 'applications.errors.redirectUrisRequired';
  }
  return problems;
}
