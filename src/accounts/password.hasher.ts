import { availableParallelism } from 'node:os';
import * as argon2 from 'argon2';
import pLimit from 'p-limit';
import { OverloadedError } from '../common/errors/overloaded.error';

// OWASP's argon2id baseline (19 MiB, t=2, p=1): a sign-in costs tens of milliseconds.
const OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/*
 * At most one argon2 computation per CPU this process may run on; the rest wait their turn.
 * More would only share the same cores while each holds its 19 MiB, and would take every
 * thread of libuv's pool (4) from file, DNS and other crypto work during a sign-in flood.
 */
const argon2Slot = pLimit(Math.max(1, Math.min(availableParallelism(), 3)));
let maxWaiting = 32;

/**
 * How many computations may wait for a slot (PASSWORD_HASH_QUEUE). Beyond it a sign-in flood
 * gets 503 at once: each waiting one holds a request (and soon 19 MiB), and a wait longer
 * than a few seconds helps nobody.
 */
export function setPasswordQueueLimit(limit: number): void {
  maxWaiting = limit;
}

/** Computations running and waiting (for the metrics). */
export const passwordQueue = () => ({ active: argon2Slot.activeCount, waiting: argon2Slot.pendingCount });

function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (argon2Slot.pendingCount >= maxWaiting) return Promise.reject(new OverloadedError());
  return argon2Slot(work);
}

export async function hashPassword(password: string): Promise<string> {
  return inSlot(() => argon2.hash(password, OPTIONS));
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  return inSlot(() => argon2.verify(hash, password).catch(() => false));
}

// Verified against when the account does not exist, so both answers take as long (no enumeration).
let dummyHash: Promise<string> | undefined;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-only-for-timing').catch((err: unknown) => {
    dummyHash = undefined;
    throw err;
  });
  await verifyPassword(await dummyHash, password);
}
