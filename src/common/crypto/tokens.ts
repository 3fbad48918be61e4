import { hash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/** A random token for links, codes and secrets: `bytes` of entropy, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * A UUID version 7 (RFC 9562 §5.7): 48 bits of Unix milliseconds, then 74 random bits. For
 * identifiers that are not secrets (a token's `jti`, a grant's family) and are indexed: new
 * ids sort after old ones, so a unique index takes them at its right edge instead of on a
 * random page of a large table (MariaDB's buffer pool and SQLite's page cache keep that edge).
 */
export function uuidV7(now = Date.now()): string {
  // A version 4 UUID (from Node's pooled randomness) gives the random bits and the variant;
  // its first 48 bits become the time and its version nibble a 7.
  const random = randomUUID();
  const t = now.toString(16).padStart(12, '0');
  return `${t.slice(0, 8)}-${t.slice(8, 12)}-7${random.slice(15, 18)}-${random.slice(19)}`;
}

/** How server-generated secrets are stored: hex SHA-256 (docs/PROTOCOL.md §4). */
export function sha256Hex(value: string): string {
  return hash('sha256', value, 'hex');
}

/**
 * Whether `value`'s SHA-256 is the stored hex digest, compared in constant time: both sides
 * are 32 bytes, so there is no length to hide and no second hash to compute.
 */
export function matchesSha256Hex(value: string, storedHex: string): boolean {
  const stored = Buffer.from(storedHex, 'hex');
  return stored.length === 32 && timingSafeEqual(hash('sha256', value, 'buffer'), stored);
}

/** Constant-time string comparison; lengths are hidden by comparing digests. */
export function safeEqual(a: string, b: string): boolean {
  const da = hash('sha256', a, 'buffer');
  const db = hash('sha256', b, 'buffer');
  return timingSafeEqual(da, db);
}
