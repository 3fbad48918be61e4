import { QueryFailedError, type ObjectLiteral, type QueryResult, type Repository } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { EntityMetadata } from 'typeorm/metadata/EntityMetadata';
import type { RelationMetadata } from 'typeorm/metadata/RelationMetadata';

/*
 * The hot paths' row access without the query builder: one cached SQL string per entity and
 * column set, values converted by the driver exactly as TypeORM converts them (column
 * transformers, booleans, UTC datetimes). The query builder spends more CPU assembling a
 * single-row lookup than SQLite spends answering it (bench/README.md, profile). On SQLite,
 * outside a transaction, each statement is prepared once and run on the connection itself.
 */

type Conditions<T> = Partial<Record<keyof T & string, unknown>>;
type Statement = {
  sql: string;
  columns: ColumnMetadata[];
  joins?: Joined[];
  /** A SELECT's result columns in order: rows are read as arrays (SQLite, the MySQL pool) or by these names (through a query runner). */
  names?: string[];
  /** A SELECT's own columns, each with how its value reaches the entity (worked out once). */
  fields?: Field[];
  prepared?: Prepared;
};

/** better-sqlite3's connection and statements, as far as they are used here. */
interface SqliteConnection {
  inTransaction: boolean;
  prepare(sql: string): SqliteStatement;
  transaction(fn: () => void): () => void;
}
interface SqliteStatement {
  raw(on: boolean): SqliteStatement;
  get(...params: unknown[]): unknown;
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}
type Prepared = { db: SqliteConnection; statement: SqliteStatement };

const sqlCache = new WeakMap<object, Map<string, Statement>>();

function cached<T extends ObjectLiteral>(repo: Repository<T>, key: string, build: () => Statement): Statement {
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

/**
 * The SQLite connection, where a statement may run on it directly: not inside a transaction's
 * EntityManager (that goes through its query runner) and, for writes, not while a transaction
 * is open on the one connection (the write would commit or roll back with it; TypeORM's path
 * behaves the same, so the write takes that one).
 */
function sqliteConnection<T extends ObjectLiteral>(repo: Repository<T>, write: boolean): SqliteConnection | undefined {
  const manager = repo.manager;
  // A closed data source goes the TypeORM way, which reports it as not connected (a 503).
  if (manager.queryRunner || manager.connection.options.type !== 'better-sqlite3' || !manager.connection.isInitialized) return undefined;
  const db = (manager.connection.driver as unknown as { databaseConnection: SqliteConnection }).databaseConnection;
  return write && db.inTransaction ? undefined : db;
}

/** Runs a cached statement on the SQLite connection (prepared once per connection); errors as TypeORM reports them. */
function onSqlite<R>(db: SqliteConnection, entry: Statement, params: unknown[], run: (s: SqliteStatement) => R): R {
  try {
    if (entry.prepared?.db !== db) {
      const statement = db.prepare(entry.sql);
      // A row as an array of its columns: no object with a key per column built for each read.
      if (entry.names) statement.raw(true);
      entry.prepared = { db, statement };
    }
    return run(entry.prepared.statement);
  } catch (err) {
    throw new QueryFailedError(entry.sql, params, err as Error);
  }
}

/** mysql2's pool, as far as it is used here: it takes a connection, runs the statement and gives the connection back. */
interface MysqlPool {
  execute(options: { sql: string; rowsAsArray: boolean }, values: unknown[], callback: (err: Error | null, result: unknown) => void): void;
}

/**
 * The MySQL/MariaDB pool, where a statement may go to it directly (outside a transaction's
 * EntityManager): the same connections, options and results as TypeORM's query runner,
 * without a query runner built, connected and released per statement.
 */
function mysqlPool<T extends ObjectLiteral>(repo: Repository<T>): MysqlPool | undefined {
  const manager = repo.manager;
  const type = manager.connection.options.type;
  if (manager.queryRunner || (type !== 'mysql' && type !== 'mariadb') || !manager.connection.isInitialized) return undefined;
  return (manager.connection.driver as unknown as { pool?: MysqlPool }).pool;
}

/**
 * One statement on the pool, as a server-side prepared statement (mysql2 prepares it once per
 * connection and keeps it): the server does not parse the SQL again, no value is escaped into
 * it, and rows come back in the binary protocol, as arrays in the statement's column order.
 * Values and results convert as in the text protocol (the pool's `timezone` and big-number
 * options apply to both); an undefined value is sent as NULL, as `query()` would. Errors as
 * TypeORM reports them (QueryFailedError, the driver's code kept).
 */
function onMysql(pool: MysqlPool, sql: string, params: unknown[]): Promise<unknown> {
  const values = params.map((v) => (v === undefined ? null : v));
  return new Promise((resolve, reject) =>
    pool.execute({ sql, rowsAsArray: true }, values, (err, result) => (err ? reject(new QueryFailedError(sql, params, err)) : resolve(result))),
  );
}

type PendingInsert = { entry: Statement; params: unknown[]; resolve: (rowid: number | bigint) => void; reject: (err: unknown) => void };
const pendingInserts = new WeakMap<SqliteConnection, PendingInsert[]>();

/**
 * An INSERT outside any transaction on SQLite, committed together with the others made in the
 * same turn of the event loop (group commit): one transaction, so each page the rows share is
 * written to the log once and the log reaches its checkpoint less often, instead of one
 * commit per token. The caller's promise settles only after the COMMIT: the row is stored
 * before anything is answered. A batch that fails as a whole is written again row by row, so
 * one row's error (a duplicate) is that row's alone.
 */
function insertOnSqlite(db: SqliteConnection, entry: Statement, params: unknown[]): Promise<number | bigint> {
  return new Promise((resolve, reject) => {
    let batch = pendingInserts.get(db);
    if (!batch) {
      pendingInserts.set(db, (batch = []));
      setImmediate(() => commitInserts(db));
    }
    batch.push({ entry, params, resolve, reject });
  });
}

function commitInserts(db: SqliteConnection): void {
  const batch = pendingInserts.get(db) ?? [];
  pendingInserts.delete(db);
  const insert = (p: PendingInsert) => onSqlite(db, p.entry, p.params, (st) => st.run(...p.params).lastInsertRowid);
  // Inside a transaction someone else opened, each row joins it, as a single INSERT would.
  if (batch.length > 1 && !db.inTransaction) {
    try {
      const rowids: Array<number | bigint> = [];
      db.transaction(() => {
        for (const p of batch) rowids.push(insert(p));
      })();
      batch.forEach((p, i) => p.resolve(rowids[i]));
      return;
    } catch {
      // Rolled back as a whole: each row again on its own below.
    }
  }
  for (const p of batch) {
    try {
      p.resolve(insert(p));
    } catch (err) {
      p.reject(err);
    }
  }
}

/** The names of the properties that carry a value (undefined means "not given", as in TypeORM). */
function given(values: ObjectLiteral): string[] {
  return Object.keys(values).filter((k) => values[k] !== undefined);
}

/** Now, in whole seconds: the date columns are DATETIME(0), so a re-read returns exactly this. */
function nowInSeconds(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000);
}

// A null condition is different SQL (IS NULL, no parameter), so it is part of the cache key.
function whereKey(where: ObjectLiteral): string {
  return Object.keys(where)
    .map((n) => (where[n] === null ? `${n}:null` : n))
    .join(',');
}

/**
 * `a = ? AND b IS NULL` and the columns of its parameters, in order (findOneWhere and
 * updateWhere); `prefix` (`t.`) qualifies each column when the statement joins another table.
 */
function whereClause<T extends ObjectLiteral>(repo: Repository<T>, where: ObjectLiteral, prefix = ''): Statement {
  const driver = repo.manager.connection.driver;
  const names = Object.keys(where);
  const isNull = (n: string) => where[n] === null;
  return {
    sql: names.map((n) => `${prefix}${driver.escape(column(repo, n).databaseName)} ${isNull(n) ? 'IS NULL' : '= ?'}`).join(' AND '),
    columns: names.filter((n) => !isNull(n)).map((n) => column(repo, n)),
  };
}

/** The values for whereClause's parameters, in the same order as its columns. */
function whereValues(where: ObjectLiteral): unknown[] {
  return Object.values(where).filter((v) => v !== null);
}

/** Each value converted by the driver for its column (transformers, dates), as TypeORM would. */
function persistent<T extends ObjectLiteral>(repo: Repository<T>, columns: ColumnMetadata[], values: unknown[]): unknown[] {
  const driver = repo.manager.connection.driver;
  return columns.map((c, i) => driver.preparePersistentValue(values[i], c));
}

/**
 * Columns of many-to-one relations to read along with the row, by relation and property:
 * `{ user: ['isActive'] }`. The statement reads each of them with a scalar subquery on the
 * foreign key and fills `row.user` with just those properties (left undefined when the key is
 * null). Not a LEFT JOIN, which gives the same row: once the database has statistics (ANALYZE,
 * or `PRAGMA optimize`, writes sqlite_stat4), a join's plan depends on the bound value, and
 * SQLite parses and plans such a statement again at every new binding. On the bench's full
 * tables that made the token lookup 18.0 µs against 7.8 µs (bench/README.md).
 */
type Joins<T> = Partial<Record<keyof T & string, string[]>>;
type Joined = { relation: RelationMetadata; fields: Field[]; alias: string; /** Position of the foreign key in the row. */ key: number };

/**
 * One column of a read row on its way into the entity, as TypeORM's hydration does it:
 * `convert` is the driver's conversion, left out where the driver would hand the value back
 * unchanged (a plain text or integer column without a transformer); `property` is where a
 * plain column's value goes, left out where setEntityValue must place it (embedded columns,
 * virtual relation ids). Worked out once per statement instead of for every value read: 3.6 %
 * of an introspection's instructions (callgrind, bench/README.md).
 */
type Field = { column: ColumnMetadata; convert?: (value: unknown) => unknown; property?: string };

// Column types whose values a driver converts on the way in (SQLite's, MySQL's): the rest come back as read.
const CONVERTED_TYPES: ReadonlySet<unknown> = new Set([
  Boolean,
  Date,
  Number,
  'boolean',
  'bool',
  'datetime',
  'date',
  'time',
  'json',
  'simple-json',
  'simple-array',
  'simple-enum',
  'enum',
  'set',
]);
const DRIVERS_KNOWN = new Set(['better-sqlite3', 'mysql', 'mariadb']);

function field<T extends ObjectLiteral>(repo: Repository<T>, column: ColumnMetadata): Field {
  const driver = repo.manager.connection.driver;
  const asRead =
    DRIVERS_KNOWN.has(repo.manager.connection.options.type) && !column.transformer && typeof column.type === 'string' && !CONVERTED_TYPES.has(column.type);
  // ColumnMetadata.setEntityValue's own test for a value it writes somewhere else than entity[propertyName].
  const elsewhere =
    column.embeddedMetadata ||
    (!column.entityMetadata.isJunction && column.isVirtual && column.referencedColumn && column.referencedColumn.propertyName !== column.propertyName);
  return {
    column,
    convert: asRead ? undefined : (value) => driver.prepareHydratedValue(value, column),
    property: elsewhere ? undefined : column.propertyName,
  };
}

/** A new entity of `meta` with the row's values from `at` on, converted and placed as find() would. */
function hydrate(meta: EntityMetadata, fields: Field[], values: unknown[], at: number): ObjectLiteral {
  const entity = meta.create() as ObjectLiteral;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    const value = f.convert ? f.convert(values[at + i]) : values[at + i];
    if (f.property !== undefined) entity[f.property] = value;
    else f.column.setEntityValue(entity, value);
  }
  return entity;
}

function joined<T extends ObjectLiteral>(repo: Repository<T>, join: Joins<T>): Joined[] {
  return Object.entries(join as Record<string, string[]>).map(([property, props], i) => {
    const relation = repo.metadata.findRelationWithPropertyPath(property);
    if (!relation?.isManyToOne) throw new Error(`${repo.metadata.name} has no many-to-one relation ${property}`);
    const target = relation.inverseEntityMetadata;
    const fields = props.map((p) => {
      const col = target.findColumnWithPropertyName(p);
      if (!col) throw new Error(`${target.name} has no column ${p}`);
      return field(repo, col);
    });
    return { relation, fields, alias: `j${i}`, key: repo.metadata.columns.findIndex((c) => c.databaseName === relation.joinColumns[0].databaseName) };
  });
}

/**
 * `SELECT <all columns> WHERE a = ? AND b IS NULL LIMIT 1` (a null in `where` means IS NULL),
 * hydrated as find() would; with `join`, the named columns of related rows come in the same
 * statement (see Joins), so a hot path needs no second round trip for them.
 */
export async function findOneWhere<T extends ObjectLiteral>(repo: Repository<T>, where: Conditions<T>, join?: Joins<T>): Promise<T | null> {
  const driver = repo.manager.connection.driver;
  const meta = repo.metadata;
  const joinKey = join ? JSON.stringify(join) : '';
  const entry = cached(repo, `select:${whereKey(where)}|${joinKey}`, () => {
    const joins = join ? joined(repo, join) : [];
    const t = joins.length > 0 ? 't.' : '';
    const clause = whereClause(repo, where, t);
    const own = meta.columns.map((c) => `${t}${driver.escape(c.databaseName)}`);
    // Each related column by a scalar subquery on the foreign key, not a JOIN: see Joins.
    const related = joins.flatMap(({ relation, fields, alias }) => {
      const [fk] = relation.joinColumns;
      const from = `${driver.escape(relation.inverseEntityMetadata.tableName)} ${alias}`;
      const on = `${alias}.${driver.escape(fk.referencedColumn!.databaseName)} = t.${driver.escape(fk.databaseName)}`;
      return fields.map(
        ({ column: c }) => `(SELECT ${alias}.${driver.escape(c.databaseName)} FROM ${from} WHERE ${on}) AS ${driver.escape(`${alias}_${c.databaseName}`)}`,
      );
    });
    const table = `${driver.escape(meta.tableName)}${t ? ' t' : ''}`;
    const names = [...meta.columns.map((c) => c.databaseName), ...joins.flatMap((j) => j.fields.map(({ column: c }) => `${j.alias}_${c.databaseName}`))];
    return {
      sql: `SELECT ${[...own, ...related].join(', ')} FROM ${table} WHERE ${clause.sql} LIMIT 1`,
      columns: clause.columns,
      joins,
      names,
      fields: meta.columns.map((c) => field(repo, c)),
    };
  });
  const { sql, columns, joins = [], names = [], fields = [] } = entry;
  const params = persistent(repo, columns, whereValues(where));
  const db = sqliteConnection(repo, false);
  const pool = db ? undefined : mysqlPool(repo);
  let values: unknown[] | undefined;
  if (db) values = onSqlite(db, entry, params, (st) => st.get(...params)) as unknown[] | undefined;
  else if (pool) values = ((await onMysql(pool, sql, params)) as unknown[][])[0];
  else {
    const row = ((await repo.manager.query(sql, params)) as Record<string, unknown>[])[0];
    values = row && names.map((n) => row[n]);
  }
  if (!values) return null;
  // Own columns first, in metadata order, then each join's columns.
  const entity = hydrate(meta, fields, values, 0);
  let at = fields.length;
  for (const { relation, fields: joinedFields, key } of joins) {
    const start = at;
    at += joinedFields.length;
    if (values[key] !== null) relation.setEntityValue(entity, hydrate(relation.inverseEntityMetadata, joinedFields, values, start));
  }
  return entity as T;
}

/**
 * The @CreateDateColumn and @UpdateDateColumn the caller left out, set to now (whole seconds)
 * on `values` itself: the INSERT writes them and the caller's record then holds what a re-read
 * would return, where the column default would have left them undefined.
 */
function fillInsertDates<T extends ObjectLiteral>(repo: Repository<T>, values: Partial<T>): void {
  const now = nowInSeconds();
  for (const col of [repo.metadata.createDateColumn, repo.metadata.updateDateColumn]) {
    if (col && col.getEntityValue(values) === undefined) col.setEntityValue(values, new Date(now));
  }
}

/**
 * One INSERT of the given properties (undefined ones take the column default); returns the new
 * auto-increment id. It completes `values` so the caller can use it as the stored record:
 * createdAt and updatedAt (when the entity has them and they were not given) are set to the
 * current time in whole seconds, and the generated id is written back; other defaulted columns
 * stay undefined.
 */
export async function insertRow<T extends ObjectLiteral>(repo: Repository<T>, values: Partial<T>): Promise<number> {
  const driver = repo.manager.connection.driver;
  fillInsertDates(repo, values);
  const names = given(values);
  const entry = cached(repo, `insert:${names.join(',')}`, () => {
    const cols = names.map((n) => column(repo, n));
    return {
      sql: `INSERT INTO ${driver.escape(repo.metadata.tableName)} (${cols.map((c) => driver.escape(c.databaseName)).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      columns: cols,
    };
  });
  const params = persistent(
    repo,
    entry.columns,
    entry.columns.map((c) => c.getEntityValue(values)),
  );
  const db = sqliteConnection(repo, true);
  const pool = db ? undefined : mysqlPool(repo);
  const raw = db ? await insertOnSqlite(db, entry, params) : await (pool ? onMysql(pool, entry.sql, params) : repo.manager.query(entry.sql, params));
  // better-sqlite3 answers the rowid, mysql2 an OkPacket.
  const id = typeof raw === 'number' || typeof raw === 'bigint' ? Number(raw) : Number((raw as { insertId?: unknown }).insertId);
  const generated = repo.metadata.primaryColumns.find((c) => c.generationStrategy === 'increment');
  if (generated && generated.getEntityValue(values) === undefined) generated.setEntityValue(values, id);
  return id;
}

/**
 * `set` plus the @UpdateDateColumn at now when the caller did not set it: TypeORM's update()
 * adds `updated_at = CURRENT_TIMESTAMP` on every driver. A bound Date (whole seconds) stores the
 * same instant in the connection's time zone (UTC, as every other datetime), not the server's.
 */
function withUpdateDate<T extends ObjectLiteral>(repo: Repository<T>, set: Partial<T>): Partial<T> {
  const col = repo.metadata.updateDateColumn;
  if (!col || col.getEntityValue(set) !== undefined) return set;
  const touched = { ...set };
  col.setEntityValue(touched, nowInSeconds());
  return touched;
}

/**
 * `UPDATE … SET a = ? WHERE b = ? AND c IS NULL` (a null in `where` means IS NULL); returns
 * how many rows changed, so a guarded UPDATE can claim a row exactly once. Bumps the entity's
 * @UpdateDateColumn unless `set` gives it.
 */
export async function updateWhere<T extends ObjectLiteral>(repo: Repository<T>, set: Partial<T>, where: Conditions<T>): Promise<number> {
  const driver = repo.manager.connection.driver;
  // Never a whole-table UPDATE by accident, nor one that only touches the update date.
  if (given(set).length === 0 || Object.keys(where).length === 0) throw new Error(`updateWhere on ${repo.metadata.name} needs both values and conditions`);
  const values = withUpdateDate(repo, set);
  const setNames = given(values);
  const entry = cached(repo, `update:${setNames.join(',')}|${whereKey(where)}`, () => {
    const setCols = setNames.map((n) => column(repo, n));
    const clause = whereClause(repo, where);
    return {
      sql: `UPDATE ${driver.escape(repo.metadata.tableName)} SET ${setCols.map((c) => `${driver.escape(c.databaseName)} = ?`).join(', ')} WHERE ${clause.sql}`,
      columns: [...setCols, ...clause.columns],
    };
  });
  const params = persistent(repo, entry.columns, [...setNames.map((n) => values[n as keyof T]), ...whereValues(where)]);
  const db = sqliteConnection(repo, true);
  if (db) return onSqlite(db, entry, params, (st) => st.run(...params).changes);
  const pool = mysqlPool(repo);
  if (pool) return Number((((await onMysql(pool, entry.sql, params)) ?? {}) as { affectedRows?: number }).affectedRows ?? 0);
  // The structured result carries the affected count on both drivers; the transaction's runner when there is one.
  const runner = repo.manager.queryRunner ?? repo.manager.connection.createQueryRunner();
  try {
    return ((await runner.query(entry.sql, params, true)) as QueryResult).affected ?? 0;
  } finally {
    if (!repo.manager.queryRunner) await runner.release();
  }
}
