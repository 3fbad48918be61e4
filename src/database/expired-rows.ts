import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { LessThan, ObjectLiteral, Repository } from 'typeorm';

/** Small enough that one batch never holds the event loop (SQLite runs in this thread) for long. */
export const EXPIRED_ROWS_BATCH = 200;

/**
 * Deletes the rows whose `expiresAt` has passed, in small batches (select ids, then
 * DELETE … WHERE id IN: portable, and never one huge lock), letting waiting requests run
 * between two batches. The modules' sweepers use it.
 */
export function deleteExpiredRows<T extends ObjectLiteral & { expiresAt: Date }>(
  repo: Repository<T>,
  now: Date,
  idColumn: keyof T & string = 'id',
): Promise<number> {
  return deleteRowsBefore(repo, 'expiresAt', now, idColumn);
}

/** Deletes the rows whose `column` (a date) is before `cutoff`, in batches like deleteExpiredRows. */
export async function deleteRowsBefore<T extends ObjectLiteral>(
  repo: Repository<T>,
  column: keyof T & string,
  cutoff: Date,
  idColumn: keyof T & string = 'id',
): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await repo.find({
      select: { [idColumn]: true } as never,
      where: { [column]: LessThan(cutoff) } as never,
      take: EXPIRED_ROWS_BATCH,
    });
    if (rows.length === 0) return total;
    await repo.delete(rows.map((r) => r[idColumn]));
    total += rows.length;
    if (rows.length < EXPIRED_ROWS_BATCH) return total;
    await yieldToEventLoop();
  }
}
