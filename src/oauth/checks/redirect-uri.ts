// RFC 8252 §7.3: a native app listening on the loopback interface picks its port at run time.
const LOOPBACK = /^http:\/\/(127\.0\.0\.1|\[::1\])(:\d{1,5})?([/?].*)?$/;

function withoutLoopbackPort(uri: string): string | null {
  const m = LOOPBACK.exec(uri);
  return m ? `http://${m[1]}${m[3] ?? ''}` : null;
}

/**
 * The redirect URI to use, or null when the given one is not registered. Exact string match
 * (RFC 9700 §4.1.3), except that the port of a loopback IP literal may differ. When none is
 * given, the only registered one is used; with several, the request must name one.
 */
export function matchRedirectUri(registered: string[], given: string | undefined): string | null {
  if (given === undefined) return registered.length === 1 ? registered[0] : null;
  if (registered.includes(given)) return given;
  const loose = withoutLoopbackPort(given);
  if (loose === null) return null;
  return registered.some((r) => withoutLoopbackPort(r) === loose) ? given : null;
}
