/**
 * Same-origin paths, for every place a path from the request becomes a link or a redirect.
 * WHATWG URL parsing against a placeholder origin decides what a browser would do with the
 * string; what comes back is percent-encoded ASCII, so it is also a valid header value.
 */
const ORIGIN = 'http://same-origin.invalid';

/** `value` as a path on this server (with its query and fragment), or undefined if it leaves it. */
export function sameOriginPath(value: string): string | undefined {
  if (!value.startsWith('/') || /[\u0000-\u001f\u007f\\]/.test(value)) return undefined;
  let url: URL;
  try {
    url = new URL(value, ORIGIN);
  } catch {
    return undefined;
  }
  if (url.origin !== ORIGIN || url.pathname.startsWith('//')) return undefined;
  return url.pathname + url.search + url.hash;
}

/**
 * The path of the request being answered, safe to print in a link: scheme-relative tricks
 * (`//evil.example/login`) collapse to a local path.
 */
export function requestPath(rawUrl: string): string {
  const path = rawUrl.split('?')[0].replace(/^[/\\]+/, '/');
  return sameOriginPath(path.startsWith('/') ? path : `/${path}`) ?? '/';
}

/** The request's path and query with one query parameter set (the language switcher's links). */
export function withQueryParam(rawUrl: string, name: string, value: string): string {
  const q = rawUrl.indexOf('?');
  const params = new URLSearchParams(q < 0 ? '' : rawUrl.slice(q + 1));
  params.set(name, value);
  return `${requestPath(rawUrl)}?${params.toString()}`;
}

/**
 * A header value as Node will accept it: everything outside printable ASCII percent-encoded
 * as UTF-8 (existing `%XX` escapes are kept). A Location built from user input can hold any
 * character; Node refuses some (`ERR_INVALID_CHAR`) and sends others as raw Latin-1.
 */
export function asciiHeaderValue(value: string): string {
  return value.replace(/[^\x21-\x7e]/gu, (ch) => [...Buffer.from(ch, 'utf8')].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join(''));
}
