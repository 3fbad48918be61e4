import { identifierKey, identifierSkeleton, isHighlyRestrictive } from '../common/text/identifiers';

/** 3 to 150 letters, digits and . _ - (checked on the NFKC form that is stored). */
export const USERNAME_FORMAT = /^[\p{L}\p{N}._-]{3,150}$/u;
const KEY_MAX = 150;
const SKELETON_MAX = 600;

/** The username as stored and shown: trimmed, NFKC (a fullwidth or small-capital name becomes plain). */
export const normalizeUsername = (username: string) => username.trim().normalize('NFKC');

/** Uniqueness and sign-in: NFKC + case fold, so letter case and compatibility forms make no new name. */
export const usernameKey = (username: string) => identifierKey(username.trim());

/** Unique too: two names that look alike (Cyrillic а and Latin a, rn and m) cannot both exist. */
export const usernameSkeleton = (username: string) => identifierSkeleton(username.trim());

/**
 * Why a chosen username is refused (a translation key), or null. Usernames are public
 * handles, so whether one is taken may be said (unlike e-mail addresses).
 */
export function usernameProblem(username: string): string | null {
  const name = normalizeUsername(username);
  if (!USERNAME_FORMAT.test(name) || usernameKey(name).length > KEY_MAX || usernameSkeleton(name).length > SKELETON_MAX) {
    return 'validation.username';
  }
  return isHighlyRestrictive(name) ? null : 'validation.usernameScripts';
}
