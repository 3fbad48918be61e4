import type { Language } from '../common/i18n/i18n';
import { formatDateTime } from '../common/web/format-date';
import type { AuthorizedApplicationView, AuthorizedTokenView } from '../tokens/user-grants.service';

const scopeList = (scope: string | null) => (scope ?? '').split(' ').filter(Boolean);

/** The list page's model: dates in the reader's language, scope lists for the tags. */
export function authorizedApplicationsPage(grants: AuthorizedApplicationView[], lang: Language) {
  return {
    grants: grants.map((g) => ({
      ...g,
      consentedScopes: scopeList(g.consented_scope),
      tokens: g.tokens.map((t) => tokenRow(t, lang)),
    })),
  };
}

function tokenRow(t: AuthorizedTokenView, lang: Language) {
  return { ...t, scopes: scopeList(t.scope), issued: formatDateTime(t.issued_at, lang), expires: formatDateTime(t.expires_at, lang) };
}

export function tokenPage(token: AuthorizedTokenView & { application: { id: number; client_name: string } }, lang: Language) {
  return { token: { ...tokenRow(token, lang), application: token.application } };
}
