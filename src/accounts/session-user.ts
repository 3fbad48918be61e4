import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { auditActor } from '../audit/audit-context';
import type { AuditService } from '../audit/audit.service';
import type { SessionUser } from '../common/web/request-augment';
import { UsersService } from './users.service';

/**
 * Starts the signed-in session: a new session id (no fixation), holding only the user id.
 * Whatever the anonymous session held (a CSRF secret, a flash) is left behind with it.
 */
export async function logIn(req: FastifyRequest, user: SessionUser): Promise<void> {
  await req.session.regenerate();
  req.session.userId = user.id;
  // OpenID Connect: when the user signed in (auth_time) and a public id for this sign-in (sid).
  req.session.authTime = Math.floor(Date.now() / 1000);
  req.session.sid = randomUUID();
  // The sessions page: where and what signed in, and when.
  const actor = auditActor(req);
  req.session.ip = actor.ip;
  req.session.userAgent = actor.userAgent;
  req.session.createdAt = req.session.lastSeenAt = Date.now();
  req.user = user;
}

const SEEN_EVERY_MS = 60_000;

/** The signed-in session's sign-in, as OpenID Connect reports it. */
export interface SessionAuthentication {
  authTime: number;
  sid: string;
  /** A client asked for a new sign-in (prompt=login, max_age) that has not happened yet. */
  reauthRequested: boolean;
}

/** The current sign-in, or null without one (a session from before auth_time was kept counts as none). */
export function sessionAuthentication(req: FastifyRequest): SessionAuthentication | null {
  const { authTime, sid, reauthRequested } = req.session ?? {};
  if (!req.user || authTime === undefined || sid === undefined) return null;
  return { authTime, sid, reauthRequested: reauthRequested === true };
}

/** Until the next sign-in (a new session), authorization requests ask for one. */
export function requestReauthentication(req: FastifyRequest): void {
  if (req.user) req.session.reauthRequested = true;
}

/** Ends the session: the row is deleted, so the cookie no longer names anything. */
export async function logOut(req: FastifyRequest, audit: AuditService): Promise<void> {
  if (req.user) await audit.record(auditActor(req), { type: 'user.logout', userId: req.user.id });
  await forgetSession(req);
}

/** The request's session is gone (ended from the sessions page): nothing of it is saved again. */
export async function forgetSession(req: FastifyRequest): Promise<void> {
  req.user = undefined;
  if (req.session?.sessionId) await req.session.destroy();
}

/**
 * Page hook: the user of the session, read fresh on each request (a disabled account or a
 * reset password takes effect at once). A session whose user is gone forgets it.
 */
export function restoreSessionUser(users: UsersService) {
  return async (req: FastifyRequest): Promise<void> => {
    const id = req.session?.userId;
    if (id === undefined) return;
    const user = await users.findActiveSessionUser(id);
    if (!user) {
      delete req.session.userId;
      return;
    }
    req.user = user;
    // A changed session is saved: at most once a minute, so a busy page does not write on every request.
    const now = Date.now();
    if (now - (req.session.lastSeenAt ?? 0) >= SEEN_EVERY_MS) req.session.lastSeenAt = now;
  };
}
