import { createHash } from 'node:crypto';
import { safeEqual } from '../../common/crypto/tokens';
import { InvalidGrantError, InvalidRequestError } from '../../common/errors/oauth.error';

export type PkceMethod = 'S256' | 'plain';
export const PKCE_METHODS: PkceMethod[] = ['S256', 'plain'];

// RFC 7636 §4.1 / §4.2: both the verifier and the challenge are 43-128 unreserved characters.
const PKCE_VALUE = /^[A-Za-z0-9\-._~]{43,128}$/;

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

/** The authorization request's PKCE parameters, checked; method defaults to plain (§4.3). */
export function parseCodeChallenge(challenge: string | undefined, method: string | undefined): { challenge: string; method: PkceMethod } | null {
  if (challenge === undefined) {
    if (method !== undefined) throw new InvalidRequestError('code_challenge_method without code_challenge');
    return null;
  }
  if (!PKCE_VALUE.test(challenge)) throw new InvalidRequestError('code_challenge is malformed');
  const m = method ?? 'plain';
  if (!PKCE_METHODS.includes(m as PkceMethod)) throw new InvalidRequestError('code_challenge_method is not supported');
  return { challenge, method: m as PkceMethod };
}

/**
 * The token request's verifier against the code's challenge. A verifier for a code that had no
 * challenge is refused too: accepting it would allow a PKCE downgrade (RFC 9700 §4.8.2).
 */
export function checkCodeVerifier(challenge: string | null, method: PkceMethod | null, verifier: string | undefined): void {
  if (!challenge) {
    if (verifier !== undefined) throw new InvalidGrantError('code_verifier was sent but the authorization request had no code_challenge');
    return;
  }
  if (verifier === undefined) throw new InvalidGrantError('code_verifier is required');
  if (!PKCE_VALUE.test(verifier)) throw new InvalidGrantError('code_verifier is malformed');
  const computed = method === 'S256' ? s256(verifier) : verifier;
  if (!safeEqual(computed, challenge)) throw new InvalidGrantError('code_verifier does not match the code_challenge');
}
