import { availableParallelism } from 'node:os';
import * as argon2 from 'argon2';
import pLimit from 'p-limit';

// OWASP's argon2id baseline (19 MiB, t=2, p=1): a sign-in costs tens of milliseconds.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/*
 * At most one argon2 computation per CPU this process may run on; the rest wait their turn.
 * More would only share the same cores while each holds its 19 MiB, and would take every
 * thread of libuv's pool (4) from file, DNS and other crypto work during a sign-in flood.
 */
const argon2Slot = pLimit(Math.max(1, Math.min(availableParallelism(), 3)));

export async function hashPassword(password: string): Promise<string> {
  return argon2Slot(() => argon2.hash(password, OPTIONS));
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2Slot(() => argon2.verify(hash, password));
  } catch {
    return false;
  }
}

// Verified against when the account does not exist, so both answers take as long (no enumeration).
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-only-for-timing');
  await verifyPassword(await dummyHash, password);
}
