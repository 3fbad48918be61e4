/**
 * An authorization (or logout) request whose client or redirect URI cannot be trusted: shown
 * to the user as a page and never redirected (RFC 6749 §4.1.2.1, RFC 9700 §4.11). The keys are i18n.
 */
export class AuthorizePageError extends Error {
  constructor(
    readonly messageKey: string,
    readonly status = 400,
    readonly titleKey = 'oauth.errors.title',
  ) {
    super(messageKey);
  }
}
