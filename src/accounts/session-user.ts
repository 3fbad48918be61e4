import type { FastifyRequest } from 'fastify';
import type { SessionUser } from '../common/web/request-augment';
import { UsersService } from './users.service';

/**
 * Starts the signed-in session: a new session id (no fixation), holding only the user id.
 * Whatever the anonymous session held (a CSRF secret, a flash) is left behind with it.
 */
export async function logIn(req: FastifyRequest, user: SessionUser): Promise<void> {
  await req.session.regenerate();
  req.session.userId = user.id;
  req.user = user;
}

/** Ends the session: the row is deleted, so the cookie no longer names anything. */
export async function logOut(req: FastifyRequest): Promise<void> {
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
    if (user) req.user = user;
    else delete req.session.userId;
  };
}
