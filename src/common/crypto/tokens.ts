import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** A random token for links, codes and secrets: `bytes` of entropy, base64url. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** How server-generated secrets are stored (CONTRACT §4): hex SHA-256. */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Constant-time string comparison; lengths are hidden by comparing digests. */
export function safeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}
