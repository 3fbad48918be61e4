import { sameOriginPath } from '../common/web/same-origin';

/**
 * `next` after sign-in: only a same-origin path, percent-encoded (a `Location` header takes
 * ASCII only). Refuses absolute and scheme-relative URLs (`//evil.example`,
 * `/\evil.example`), backslashes and control characters.
 */
export function safeNext(next: unknown, fallback = '/accounts/profile/'): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2048) return fallback;
  return sameOriginPath(next) ?? fallback;
}
