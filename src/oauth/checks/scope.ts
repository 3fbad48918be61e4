import { InvalidScopeError } from '../../common/errors/oauth.error';

// RFC 6749 §3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E ), separated by single spaces.
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;

/** The scopes named by a `scope` parameter, or undefined when it was not given. */
export function parseScope(raw: string | undefined): string[] | undefined {
  if (raw === undefined) return undefined;
  const tokens = raw.split(' ').filter(Boolean);
  if (raw.length > 1000 || tokens.some((t) => !SCOPE_TOKEN.test(t))) throw new InvalidScopeError('The scope parameter is malformed');
  return [...new Set(tokens)];
}

/**
 * The scopes to grant: the requested ones if all are within `allowed`, else invalid_scope;
 * when none were requested, everything allowed (RFC 6749 §3.3 lets the server pick a default).
 */
export function grantableScopes(requested: string[] | undefined, allowed: string[]): string[] {
  if (requested === undefined) return [...allowed];
  const extra = requested.filter((s) => !allowed.includes(s));
  if (extra.length > 0) throw new InvalidScopeError(`The scope exceeds what is allowed: ${extra.join(' ')}`);
  return requested;
}
