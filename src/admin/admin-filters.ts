import { FormError } from '../common/errors/form.error';
import { AuditFilter } from '../audit/audit.service';
import { isAuditEventType } from '../audit/audit-event-types';

/** An optional id in a query (`?user=`); anything but a positive integer is a 400. */
export function optionalId(value: unknown, field: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^[1-9]\d{0,9}$/.test(value)) throw FormError.field(field, 'admin.filters.badId');
  return Number(value);
}

function optionalDate(value: unknown, field: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}([T ][\d:.]+Z?)?$/.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) throw FormError.field(field, 'admin.filters.badDate');
  return date;
}

/** The audit view's filters (`?type=&user=&client_id=&since=&until=`); a bad one is a 400 naming it. */
export function auditFilterOf(query: Record<string, unknown>): AuditFilter {
  const { type, client_id: clientId } = query;
  if (type !== undefined && type !== '' && (typeof type !== 'string' || !isAuditEventType(type))) throw FormError.field('type', 'admin.filters.badType');
  if (clientId !== undefined && (typeof clientId !== 'string' || clientId.length > 64)) throw FormError.field('client_id', 'admin.filters.badClient');
  const filter: AuditFilter = {
    types: typeof type === 'string' && type ? [type as never] : undefined,
    userId: optionalId(query.user, 'user'),
    clientId: clientId || undefined,
    since: optionalDate(query.since, 'since'),
    until: optionalDate(query.until, 'until'),
  };
  if (filter.since && filter.until && filter.since > filter.until) throw FormError.field('until', 'admin.filters.badRange');
  return filter;
}
