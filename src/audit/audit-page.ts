import { translate, type Language } from '../common/i18n/i18n';
import { formatDateTime } from '../common/web/format-date';
import type { AuditEventType } from './audit-event-types';
import type { AuditEventView } from './audit.service';

/** The translation key of an event type: `user.login.succeeded` → `audit.types.user_login_succeeded`. */
export const auditTypeKey = (type: AuditEventType) => `audit.types.${type.replace(/\./g, '_')}`;

/** An event as a page shows it: the time in the reader's language, the type in words. */
export function auditRow(e: AuditEventView, lang: Language) {
  return {
    ...e,
    when: formatDateTime(e.at, lang),
    what: translate(lang, auditTypeKey(e.type), { ip: e.ip ?? '?', client: e.client_id ?? '' }),
  };
}
