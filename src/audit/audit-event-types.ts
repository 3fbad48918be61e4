/** Every event type the audit log records (CONTRACT §8): a closed list, so a typo does not compile. */
export const AUDIT_EVENT_TYPES = [
  'user.registered',
  'user.login.succeeded',
  'user.login.failed',
  'user.logout',
  'user.password.changed',
  'user.password_reset.requested',
  'user.password_reset.completed',
  'user.email.verified',
  'user.disabled',
  'user.enabled',
  'user.deleted',
  'user.updated',
  'session.ended',
  'app.created',
  'app.updated',
  'app.secret_rotated',
  'app.deleted',
  'app.disabled',
  'app.enabled',
  'consent.granted',
  'consent.revoked',
  'token.revoked',
  'refresh_token.reuse_detected',
  'code.reuse_detected',
  'client.auth.failed',
  'group.created',
  'group.renamed',
  'group.deleted',
  'group.member_added',
  'group.member_removed',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export function isAuditEventType(value: string): value is AuditEventType {
  return (AUDIT_EVENT_TYPES as readonly string[]).includes(value);
}

/** The events a user sees on their own activity page (the rest concern operators). */
export const OWN_ACTIVITY_TYPES: readonly AuditEventType[] = [
  'user.login.succeeded',
  'user.login.failed',
  'user.logout',
  'user.password.changed',
  'user.password_reset.requested',
  'user.password_reset.completed',
  'user.email.verified',
  'user.disabled',
  'user.enabled',
  'session.ended',
  'consent.granted',
  'consent.revoked',
  'token.revoked',
];
