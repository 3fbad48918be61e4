import type { ObjectLiteral, QueryResult, Repository } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';

/*
 * The hot paths' row access without the query builder: one cached SQL string per entity and
 * column set, values converted by the driver exactly as TypeORM converts them (column
 * transformers, booleans, UTC datetimes). The query builder spends more CPU assembling a
 * single-row lookup than SQLite spends answering it (bench/README.md, profile).
 */

const sqlCache = new WeakMap<object, Map<string, { sql: string; columns: ColumnMetadata[] }>>();

function cached<T extends ObjectLiteral>(repo: Repository<T>, key: string, build: () => { sql: string; columns: ColumnMetadata[] }) {
  let byKey = sqlCache.get(repo.metadata);
  if (!byKey) sqlCache.set(repo.metadata, (byKey = new Map()));
  let entry = byKey.get(key);
  if (!entry) byKey.set(key, (entry = build()));
  return entry;
}

function column<T extends ObjectLiteral>(repo: Repository<T>, property: string): ColumnMetadata {
  const col = repo.metadata.findColumnWithPropertyName(property);
  if (!col) throw new Error(`${repo.metadata.name} has no column ${property}`);
  return col;
}

/** `SELECT <all columns> WHERE a = ? AND b = ? LIMIT 1` (both dialects), hydrated as find() would. */
export async function findOneWhere<T extends ObjectLiteral>(repo: Repository<T>, where: Partial<Record<keyof T & string, unknown>>): Promise<T | null> {
  const driver = repo.manager.connection.driver;
  const names = Object.keys(where);
  const { sql, columns } = cached(repo, `select:${names.join(',')}`, () => {
    const cols = names.map((n) => column(repo, n));
    const meta = repo.metadata;
    return {
      sql: `SELECT ${meta.columns.map((c) => driver.escape(c.databaseName)).join(', ')} FROM ${driver.escape(meta.tableName)} WHERE ${cols.map((c) => `${driver.escape(c.databaseName)} = ?`).join(' AND ')} LIMIT 1`,
      columns: cols,
    };
  });
  const params = columns.map((c, i) => driver.preparePersistentValue(where[names[i] as keyof typeof where], c));
  const rows = (await repo.manager.query(sql, params)) as Record<string, unknown>[];
  if (rows.length === 0) return null;
  const entity = repo.create();
  for (const c of repo.metadata.columns) c.setEntityValue(entity, driver.prepareHydratedValue(rows[0][c.databaseName], c));
  return entity;
}

/** One INSERT of the given properties (undefined ones take the column default); returns the new id. */
export async function insertRow<T extends ObjectLiteral>(repo: Repository<T>, values: Partial<T>): Promise<number> {
  const driver = repo.manager.connection.driver;
  const names = Object.keys(values).filter((k) => values[k as keyof T] !== undefined);
  const { sql, columns } = cached(repo, `insert:${names.join(',')}`, () => {
    const cols = names.map((n) => column(repo, n));
    return {
      sql: `INSERT INTO ${driver.escape(repo.metadata.tableName)} (${cols.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      columns: cols,
    };
  });
  const raw = (await repo.manager.query(sql, columns.map((c) => driver.preparePersistentValue(c.getEntityValue(values), c)))) as unknown;
  // better-sqlite3 answers the rowid, mysql2 an OkPacket.
  return typeof raw === 'number' || typeof raw === 'bigint' ? Number(raw) : Number((raw as { insertId?: unknown }).insertId);
}

/**
 * `UPDATE … SET a = ? WHERE b = ? AND c IS NULL` (a null in `where` means IS NULL); returns
 * how many rows changed, so a guarded UPDATE can claim a row exactly once.
 */
export async function updateWhere<T extends ObjectLiteral>(repo: Repository<T>, set: Partial<T>, where: Partial<Record<keyof T & string, unknown>>): Promise<number> {
  const driver = repo.manager.connection.driver;
  const setNames = Object.keys(set);
  const whereNames = Object.keys(where);
  // Never a whole-table UPDATE by accident.
  if (setNames.length === 0 || whereNames.length === 0) throw new Error(`updateWhere on ${repo.metadata.name} needs both values and conditions`);
  const isNull = (n: string) => where[n as keyof typeof where] === null;
  const { sql, columns } = cached(repo, `update:${setNames.join(',')}|${whereNames.map((n) => (isNull(n) ? `${n}:null` : n)).join(',')}`, () => {
    const setCols = setNames.map((n) => column(repo, n));
    const whereCols = whereNames.map((n) => column(repo, n));
    const conditions = whereCols.map((c, i) => `${driver.escape(c.databaseName)} ${isNull(whereNames[i]) ? 'IS NULL' : '= ?'}`);
    return {
      sql: `UPDATE ${driver.escape(repo.metadata.tableName)} SET ${setCols.map((c) => `${driver.escape(c.databaseName)} = ?`).join(', ')} WHERE ${conditions.join(' AND ')}`,
      columns: [...setCols, ...whereCols.filter((_, i) => !isNull(whereNames[i]))],
    };
  });
  const values = [...setNames.map((n) => set[n as keyof T]), ...whereNames.filter((n) => !isNull(n)).map((n) => where[n as keyof typeof where])];
  const params = columns.map((c, i) => driver.preparePersistentValue(values[i], c));
  // The structured result carries the affected count on both drivers; the transaction's runner when there is one.
  const runner = repo.manager.queryRunner ?? repo.manager.connection.createQueryRunner();
  try {
    return ((await runner.query(sql, params, true)) as QueryResult).affected ?? 0;
  } finally {
    if (!repo.manager.queryRunner) await runner.release();
  }
}
