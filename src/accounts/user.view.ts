import type { SessionUser } from '../common/web/request-augment';
import type { User } from './user.entity';

/** What leaves the accounts service about a user: never the password hash. */
export function toSessionUser(user: User): SessionUser {
  return { id: user.id, username: user.username, email: user.email, emailVerified: user.emailVerified, isStaff: user.isStaff };
}

export const emailKey = (email: string) => email.trim().toLowerCase();
