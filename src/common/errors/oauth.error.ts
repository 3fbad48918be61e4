/**
 * The OAuth error family (RFC 6749 §4.1.2.1, §5.2; RFC 6750 §3; RFC 7009; RFC 7662): the RFC
 * code, its HTTP status, the headers it asks for, and a description that is safe to show to
 * the client developer. The protocol endpoints and the bearer-protected APIs throw these; the
 * filters of each write them out.
 */
export abstract class OAuthError extends Error {
  abstract readonly error: string;
  readonly status: number = 400;
  /** Extra response headers (WWW-Authenticate, Retry-After). */
  readonly headers: Record<string, string> = {};
  /** A translation key for the description, where the answer is read by people in their language. */
  readonly messageKey?: string;

  constructor(readonly description: string) {
    super(description);
  }

  toJSON(): Record<string, string> {
    return { error: this.error, error_description: this.description };
  }
}

/** The realm of every WWW-Authenticate challenge this server sends. */
export const REALM = 'auth-center';

/** RFC 6750 §3: the Bearer challenge; a request that carried no token gets no error code. */
export function bearerChallenge(error?: string, extra: { description?: string; scope?: string } = {}): string {
  const parts = [`realm="${REALM}"`];
  if (error) parts.push(`error="${error}"`);
  if (extra.description) parts.push(`error_description="${extra.description}"`);
  if (extra.scope) parts.push(`scope="${extra.scope}"`);
  return `Bearer ${parts.join(', ')}`;
}

export class InvalidRequestError extends OAuthError {
  readonly error = 'invalid_request';
}

export class InvalidClientError extends OAuthError {
  readonly error = 'invalid_client';
  override readonly status = 401;
  // RFC 6749 §5.2: a 401 here names the scheme the client should use.
  override readonly headers = { 'WWW-Authenticate': `Basic realm="${REALM}"` };
}

/** 429 with Retry-After: failures were counted and the budget is spent. */
abstract class ThrottledError extends OAuthError {
  override readonly status = 429;
  override readonly headers: Record<string, string>;

  constructor(description: string, retryAfterSeconds: number) {
    super(description);
    this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}

/** Too many failed client authentications from one client id and address. */
export class ClientAuthThrottledError extends ThrottledError {
  readonly error = 'invalid_client';

  constructor(retryAfterSeconds: number) {
    super('Too many failed client authentications; try again later', retryAfterSeconds);
  }
}

export class InvalidGrantError extends OAuthError {
  readonly error = 'invalid_grant';
}

/** Too many failed password-grant sign-ins for this account or address. */
export class PasswordGrantThrottledError extends ThrottledError {
  readonly error = 'invalid_grant';

  constructor(retryAfterSeconds: number) {
    super('Too many failed sign-ins; try again later', retryAfterSeconds);
  }
}

export class UnauthorizedClientError extends OAuthError {
  readonly error = 'unauthorized_client';
}

export class UnsupportedGrantTypeError extends OAuthError {
  readonly error = 'unsupported_grant_type';
}

export class InvalidScopeError extends OAuthError {
  readonly error = 'invalid_scope';
}

export class AccessDeniedError extends OAuthError {
  readonly error = 'access_denied';
  override readonly status = 403;
}

export class UnsupportedResponseTypeError extends OAuthError {
  readonly error = 'unsupported_response_type';
}

export class UnsupportedTokenTypeError extends OAuthError {
  readonly error = 'unsupported_token_type';
}

export class ServerError extends OAuthError {
  readonly error = 'server_error';
  override readonly status = 500;

  constructor() {
    super('The server could not complete the request');
  }
}

/** RFC 6749 §4.1.2.1: a backing service is down or the server is overloaded; try again soon. */
export class TemporarilyUnavailableError extends OAuthError {
  readonly error = 'temporarily_unavailable';
  override readonly status = 503;
  override readonly headers = { 'Retry-After': '5' };

  constructor() {
    super('The server cannot handle the request right now; try again shortly');
  }
}

/** RFC 6750 §3.1: 401 for a malformed, expired or revoked Bearer token. */
export class InvalidTokenError extends OAuthError {
  readonly error = 'invalid_token';
  override readonly status = 401;
  override readonly headers: Record<string, string>;

  constructor(description: string) {
    super(description);
    this.headers = { 'WWW-Authenticate': bearerChallenge(this.error, { description }) };
  }
}

/**
 * RFC 6750 §3.1: 401 for a request that carried no token at all. The challenge then names no
 * error and no description; the body still says in words what is missing, under a label of
 * its own (no RFC error code: nothing invalid was presented).
 */
export class TokenRequiredError extends OAuthError {
  readonly error = 'token_required';
  override readonly status = 401;
  override readonly headers = { 'WWW-Authenticate': bearerChallenge() };
  override readonly messageKey = 'errors.bearerTokenRequired';

  constructor() {
    super('This request needs an access token: send it as Authorization: Bearer <token>.');
  }
}

/** RFC 6750 §3.1: 403, the token is fine but holds none of the scopes the request accepts. */
export class InsufficientScopeError extends OAuthError {
  readonly error = 'insufficient_scope';
  override readonly status = 403;
  override readonly headers: Record<string, string>;

  constructor(readonly anyOf: readonly string[]) {
    super(`This request needs one of these scopes: ${anyOf.join(' ')}`);
    this.headers = { 'WWW-Authenticate': bearerChallenge(this.error, { scope: anyOf.join(' ') }) };
  }

  override toJSON(): Record<string, string> {
    return { ...super.toJSON(), scope: this.anyOf.join(' ') };
  }
}

/** OIDC Core §3.1.2.6: `prompt=none`, but the user must sign in (again). */
export class LoginRequiredOAuthError extends OAuthError {
  readonly error = 'login_required';
}

/** OIDC Core §3.1.2.6: `prompt=none`, but the user has not consented yet. */
export class ConsentRequiredError extends OAuthError {
  readonly error = 'consent_required';
}

/** RFC 9449 §7.1: the algorithms a DPoP proof may be signed with, as the challenge names them. */
export const DPOP_ALGS = ['ES256', 'ES384', 'ES512', 'PS256', 'PS384', 'PS512', 'RS256', 'RS384', 'RS512', 'EdDSA', 'Ed25519'];

/** RFC 9449 §4.3, §8: a DPoP proof at the token endpoint that is missing, malformed or replayed. */
export class InvalidDpopProofError extends OAuthError {
  readonly error: string = 'invalid_dpop_proof';
}

/** RFC 9449 §8: the token endpoint wants a proof with the nonce it sends in DPoP-Nonce. */
export class UseDpopNonceError extends InvalidDpopProofError {
  override readonly error = 'use_dpop_nonce';
  override readonly headers: Record<string, string>;

  constructor(nonce: string) {
    super('Sign the DPoP proof again with the nonce in the DPoP-Nonce header');
    this.headers = { 'DPoP-Nonce': nonce };
  }
}

/**
 * RFC 9449 §7.1, §9: 401 at a resource for a DPoP request or a DPoP-bound token, with the DPoP
 * challenge (and a fresh nonce when one is wanted).
 */
export class DpopResourceError extends OAuthError {
  override readonly status = 401;
  override readonly headers: Record<string, string>;

  constructor(
    readonly error: 'invalid_token' | 'invalid_dpop_proof' | 'use_dpop_nonce',
    description: string,
    nonce?: string,
  ) {
    super(description);
    this.headers = {
      'WWW-Authenticate': `DPoP realm="${REALM}", error="${error}", error_description="${description}", algs="${DPOP_ALGS.join(' ')}"`,
      ...(nonce ? { 'DPoP-Nonce': nonce } : {}),
    };
  }
}
