/**
 * An OAuth error (RFC 6749 §4.1.2.1, §5.2; RFC 7009; RFC 7662): the RFC code, its HTTP status
 * and a description that is safe to show to the client developer.
 */
export abstract class OAuthError extends Error {
  abstract readonly error: string;
  readonly status: number = 400;
  /** Extra response headers (WWW-Authenticate, Retry-After). */
  readonly headers: Record<string, string> = {};

  constructor(readonly description: string) {
    super(description);
  }

  toJSON(): { error: string; error_description: string } {
    return { error: this.error, error_description: this.description };
  }
}

export class InvalidRequestError extends OAuthError {
  readonly error = 'invalid_request';
}

export class InvalidClientError extends OAuthError {
  readonly error = 'invalid_client';
  override readonly status = 401;
  // RFC 6749 §5.2: a 401 here names the scheme the client should use.
  override readonly headers = { 'WWW-Authenticate': 'Basic realm="auth-center"' };
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

/** A Bearer-authenticated caller (introspection) with a bad token (RFC 6750 §3.1). */
export class InvalidTokenError extends OAuthError {
  readonly error = 'invalid_token';
  override readonly status = 401;
  override readonly headers = { 'WWW-Authenticate': 'Bearer realm="auth-center", error="invalid_token"' };
}

/** A Bearer-authenticated caller whose token lacks the scope the endpoint needs. */
export class InsufficientScopeError extends OAuthError {
  readonly error = 'insufficient_scope';
  override readonly status = 403;
  override readonly headers: Record<string, string>;

  constructor(scope: string) {
    super(`This endpoint needs the ${scope} scope`);
    this.headers = { 'WWW-Authenticate': `Bearer realm="auth-center", error="insufficient_scope", scope="${scope}"` };
  }
}
