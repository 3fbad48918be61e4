import { hash, randomBytes, timingSafeEqual } from 'node:crypto';

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
  const b = randomBytes(16);
  b.writeUIntBE(now, 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70; // version 7
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 9562 variant
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** How server-generated secrets are stored: hex SHA-256 (docs/PROTOCOL.md §4). */
export function sha256Hex(value: string): string {
  return hash('sha256', value, 'hex');
}

/** Constant-time string comparison; lengths are hidden by comparing digests. */
export function safeEqual(a: string, b: string): boolean {
  const da = hash('sha256', a, 'buffer');
  const db = hash('sha256', b, 'buffer');
  return timingSafeEqual(da, db);
}
