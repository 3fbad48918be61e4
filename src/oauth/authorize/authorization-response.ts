import { OAuthError } from '../../common/errors/oauth.error';

export type ResponseMode = 'query' | 'fragment';

/** Where and how the answer to an authorization request goes, once the redirect URI is trusted. */
export interface ResponseTarget {
  redirectUri: string;
  mode: ResponseMode;
  state?: string;
  issuer: string;
}

/**
 * The redirect carrying the response: query for the code flow, fragment for implicit
 * (RFC 6749 §4.1.2, §4.2.2), always with `state` and the RFC 9207 `iss`. A query already in
 * the registered URI is kept (§3.1.2).
 */
export function responseLocation(target: ResponseTarget, params: Record<string, string>): string {
  const all: Record<string, string> = { ...params, ...(target.state !== undefined ? { state: target.state } : {}), iss: target.issuer };
  if (target.mode === 'fragment') return `${target.redirectUri}#${new URLSearchParams(all).toString()}`;
  const url = new URL(target.redirectUri);
  for (const [k, v] of Object.entries(all)) url.searchParams.append(k, v);
  return url.toString();
}

/** An error to send back to the client at its redirect URI. */
export class AuthorizationRedirectError extends Error {
  constructor(
    readonly oauth: OAuthError,
    readonly target: ResponseTarget,
  ) {
    super(oauth.description);
  }

  get location(): string {
    return responseLocation(this.target, { error: this.oauth.error, error_description: this.oauth.description });
  }
}
