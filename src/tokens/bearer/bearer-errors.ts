import { ForbiddenException, UnauthorizedException } from '@nestjs/common';

export const BEARER_REALM = 'auth-center';

/** RFC 6750 §3: the challenge; a request without a token gets no error code. */
export function bearerChallenge(error?: 'invalid_token' | 'insufficient_scope' | 'invalid_request', description?: string, scope?: string): string {
  const parts = [`realm="${BEARER_REALM}"`];
  if (error) parts.push(`error="${error}"`);
  if (description) parts.push(`error_description="${description}"`);
  if (scope) parts.push(`scope="${scope}"`);
  return `Bearer ${parts.join(', ')}`;
}

/** 401 for a missing, malformed, expired or revoked token; carries its WWW-Authenticate value. */
export class InvalidBearerTokenError extends UnauthorizedException {
  constructor(readonly challenge: string, description = 'The access token is missing or not valid') {
    super({ error: 'invalid_token', error_description: description });
  }
}

/** 403: the token is fine but lacks every one of the scopes the route accepts. */
export class InsufficientScopeError extends ForbiddenException {
  constructor(readonly challenge: string, scope: string) {
    super({ error: 'insufficient_scope', error_description: `This request needs one of these scopes: ${scope}`, scope });
  }
}
