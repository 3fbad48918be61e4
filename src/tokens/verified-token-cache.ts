import { hash } from 'node:crypto';
import type { SigningKey } from './keys/signing-key-files';

interface Entry<T> {
  claims: T;
  /** The key that verified the signature: the entry counts only while that key is still published. */
  key: SigningKey;
  /** The token's `exp` in epoch ms: the entry counts only before it. */
  expiresAt: number;
}

/**
 * Access tokens whose signature and claims (`typ`, `iss`, `aud`, `exp`) were already verified
 * here, so that the next request with the same token skips the signature check (about 100 µs
 * of ES256 per request). Keyed by the token's SHA-256 (the token itself is never kept); an
 * entry lives no longer than its token and no longer than the key that verified it; at most
 * `max` entries, the oldest dropped first. It caches only what the signature proves and never
 * changes: revocation, the token's record and its user's state are still read from the
 * database on every request.
 */
export class VerifiedTokenCache<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** The token's SHA-256, the key of its entry (computed once per request by the caller). */
  digest(token: string): string {
    return hash('sha256', token, 'base64url');
  }

  /** The claims verified earlier, if the entry is still good: `stillPublished(key)` and before `exp`. */
  get(digest: string, now: number, stillPublished: (key: SigningKey) => boolean): T | undefined {
    const entry = this.entries.get(digest);
    if (!entry) return undefined;
    if (now < entry.expiresAt && stillPublished(entry.key)) return entry.claims;
    this.entries.delete(digest);
    return undefined;
  }

  set(digest: string, claims: T, key: SigningKey, expiresAt: number): void {
    if (this.max <= 0) return;
    this.entries.delete(digest);
    while (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(digest, { claims, key, expiresAt });
  }

  /** Drops every entry a removed key verified. */
  forgetKey(kid: string): void {
    for (const [digest, entry] of this.entries) if (entry.key.kid === kid) this.entries.delete(digest);
  }
}
