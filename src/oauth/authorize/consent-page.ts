import type { Language } from '../../common/i18n/i18n';
import { translate } from '../../common/i18n/i18n';
import { cspHeader } from '../../common/web/csp';
import type { AuthorizationRequest } from './authorization-request';

/** The consent page's view model: plain words, nothing from the entity but what is shown. */
export function consentView(lang: Language, req: AuthorizationRequest, username: string) {
  return {
    title: translate(lang, 'oauth.consent.title', { app: req.app.name }),
    appName: req.app.name,
    username,
    redirectHost: new URL(req.target.redirectUri).host,
    scopes: req.scopes.map((s) => ({ name: s, description: translate(lang, `oauth.scopes.${s}`) })),
    fields: Object.entries(req.params).map(([name, value]) => ({ name, value })),
  };
}

/**
 * The global CSP has `form-action 'self'`, and browsers apply form-action to the redirect that
 * follows the consent POST, so this page also allows the client's redirect origin.
 */
export function consentPageCsp(redirectUri: string): string {
  const origin = new URL(redirectUri).origin;
  return cspHeader({ 'form-action': ["'self'", origin] });
}
