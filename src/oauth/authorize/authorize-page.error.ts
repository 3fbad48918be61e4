/**
 * An authorization request whose client or redirect URI cannot be trusted: shown to the user
 * as a page and never redirected (RFC 6749 §4.1.2.1, RFC 9700 §4.11). `messageKey` is i18n.
 */
export class AuthorizePageError extends Error {
  constructor(
    readonly messageKey: string,
    readonly status = 400,
  ) {
    super(messageKey);
  }
}
