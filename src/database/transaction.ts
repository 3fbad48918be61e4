import pLimit from 'p-limit';
import type { DataSource, EntityManager } from 'typeorm';

// TypeORM's better-sqlite3 driver has one connection for everything: a second transaction
// begun while one is open would nest as a savepoint of the first and commit or roll back with
// it. One SQLite transaction at a time, then (they are a few synchronous statements each).
const sqliteTransactions = new WeakMap<DataSource, ReturnType<typeof pLimit>>();

/**
 * Runs `work` in one transaction: everything it writes through `em` is committed together, or
 * rolled back together when it throws (a database error, a crash before COMMIT).
 */
export function inTransaction<T>(dataSource: DataSource, work: (em: EntityManager) => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'better-sqlite3') return dataSource.transaction(work);
  let queue = sqliteTransactions.get(dataSource);
  if (!queue) sqliteTransactions.set(dataSource, (queue = pLimit(1)));
  return queue(() => dataSource.transaction(work));
}
