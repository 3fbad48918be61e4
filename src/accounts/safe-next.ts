/**
 * `next` after sign-in: only a same-origin path. Rejects absolute and scheme-relative URLs
 * (`//evil.example`, `/\evil.example`), backslashes and control characters.
 */
export function safeNext(next: unknown, fallback = '/accounts/profile/'): string {
  if (typeof next !== 'string' || next.length === 0 || next.length > 2048) return fallback;
  if (!next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return fallback;
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback;
  return next;
}
