import type { Language } from '../common/i18n/i18n';
import { formatDateTime } from '../common/web/format-date';
import type { ClientType } from './application.entity';
import { SCOPES } from './application-rules';
import type { ApplicationView, TokenLifetimeLimits } from './applications.service';
import type { GrantDescriptor } from './grant-catalog';
import { AUTH_METHODS, CLIENT_TYPES } from './dto/create-application.dto';
import { TLS_SUBJECT_FIELDS, tlsMetadataName } from './certificate-subject';

/** What the register/update form is filled from: a posted form, or an existing application. */
export interface ApplicationFormSource {
  client_name?: unknown;
  client_type?: unknown;
  token_endpoint_auth_method?: unknown;
  grant_types?: unknown;
  scope?: unknown;
  redirect_uris?: unknown;
}

const BINDING_FLAGS = ['tls_client_certificate_bound_access_tokens', 'dpop_bound_access_tokens'] as const;

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' && v ? [v] : []);
const scopeList = (v: unknown): string[] =>
  list(v)
    .flatMap((s) => s.split(/\s+/))
    .filter(Boolean);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * The view model of the application form: checkbox and radio options with their state, so a
 * rejected form comes back exactly as it was sent. The grant options are the registry's.
 */
export function applicationFormModel(
  source: ApplicationFormSource | ApplicationView,
  grantTypes: readonly GrantDescriptor[],
  lifetimes: TokenLifetimeLimits,
  fixedType?: ClientType,
) {
  // RFC 8705 metadata: `tls_client_auth_<field>`, `jwks`, the two binding flags.
  const named = (name: string) => (source as Record<string, unknown>)[name];
  const grants = list(source.grant_types);
  const scopes = scopeList(source.scope);
  const method = text(source.token_endpoint_auth_method);
  const clientType = fixedType ?? (text(source.client_type) || (method === 'none' ? 'public' : 'confidential'));
  return {
    fixedType,
    lifetimes,
    grantOptions: grantTypes.map(({ type: value, legacy }) => ({
      value,
      checked: grants.includes(value),
      legacy: !!legacy,
      label: `applications.grants.${value}.label`,
      help: `applications.grants.${value}.help`,
    })),
    scopeOptions: SCOPES.map((value) => ({ value, checked: scopes.includes(value), help: `applications.scopes.${value}` })),
    clientTypeOptions: CLIENT_TYPES.map((value) => ({
      value,
      checked: clientType === value,
      label: `applications.clientTypes.${value}`,
      help: `applications.clientTypes.${value}Help`,
    })),
    tlsSubjectOptions: TLS_SUBJECT_FIELDS.map((field) => ({
      name: tlsMetadataName(field),
      label: `applications.tlsSubjects.${field}`,
      value: text(named(tlsMetadataName(field))),
    })),
    jwksText: typeof named('jwks') === 'string' ? named('jwks') : named('jwks') ? JSON.stringify(named('jwks'), null, 2) : '',
    bindingOptions: BINDING_FLAGS.map((name) => ({
      name,
      checked: named(name) === true || named(name) === 'true',
      label: `applications.fields.${name}`,
      help: `applications.form.${name}Help`,
    })),
    authMethodOptions: ['', ...AUTH_METHODS].map((value) => ({ value, selected: method === value, label: `applications.authMethods.${value || 'default'}` })),
  };
}

/** The text fields of the form, from an application. */
export function applicationFormValues(app: ApplicationView) {
  return {
    client_name: app.client_name,
    redirect_uris: app.redirect_uris.join('\n'),
    post_logout_redirect_uris: app.post_logout_redirect_uris.join('\n'),
    token_endpoint_auth_method: app.token_endpoint_auth_method,
    access_token_ttl: app.access_token_ttl ?? '',
    refresh_token_ttl: app.refresh_token_ttl ?? '',
  };
}

export const NEW_APPLICATION_DEFAULTS: ApplicationFormSource = {
  client_type: 'confidential',
  grant_types: ['authorization_code', 'refresh_token'],
  scope: 'read',
};

/** The detail page's model: the view plus what a template cannot compute. */
export function applicationPageModel(app: ApplicationView, lang: Language) {
  return {
    application: { ...app, created: formatDateTime(app.created_at, lang) },
    scopes: app.scope.split(' ').filter(Boolean),
    created: formatDateTime(app.created_at, lang),
    updated: formatDateTime(app.updated_at, lang),
  };
}
