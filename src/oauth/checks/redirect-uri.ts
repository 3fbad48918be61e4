// RFC 8252 §7.3: a native app listening on the loopback interface picks its port at run time.
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\])(?::(\d{1,5}))?([/?].*)?$/;
// A URI is ASCII (RFC 3986 §2); anything else could not go into a Location header.
const URI_CHARS = /^[\x21-\x7e]+$/;

function withoutLoopbackPort(uri: string): string | null {
  const m = LOOPBACK.exec(uri);
  if (!m) return null;
  // A port no one can listen on (0, above 65535) is no loopback redirect URI at all.
  if (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535)) return null;
  return `http://${m[1]}${m[3] ?? ''}`;
}

/**
 * The redirect URI to use, or null when the given one is not registered. Exact string match
 * (RFC 9700 §4.1.3), except that the port of a loopback IP literal may differ. When none is
 * given, the only registered one is used; with several, the request must name one. The answer
 * always parses as a URL and fits a Location header, so nothing after this check can fail on
 * it (and nothing is written for a request that would).
 */
export function matchRedirectUri(registered: string[], given: string | undefined): string | null {
  const usable = (uri: string) => (URI_CHARS.test(uri) && URL.canParse(uri) ? uri : null);
  if (given === undefined) return registered.length === 1 ? usable(registered[0]) : null;
  if (registered.includes(given)) return usable(given);
  const loose = withoutLoopbackPort(given);
  if (loose === null) return null;
  return registered.some((r) => withoutLoopbackPort(r) === loose) ? usable(given) : null;
}
