/*
 * A bare database handle for the bench itself (the baseline server, refresh-token pools):
 * better-sqlite3 or mysql2 directly, no ORM. Same tables as the product's migrations.
 */
import type { Pool, ResultSetHeader } from 'mysql2/promise';

interface SqliteStatement {
  all(...params: unknown[]): Record<string, unknown>[];
  run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint };
}
interface SqliteDb {
  prepare(sql: string): SqliteStatement;
  pragma(s: string): unknown;
  transaction<T extends (...a: never[]) => unknown>(fn: T): T;
  close(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const openSqlite = (file: string): SqliteDb => new (require('better-sqlite3') as new (f: string) => SqliteDb)(file);

export type Row = Record<string, unknown>;

export interface Db {
  kind: 'sqlite' | 'mysql';
  query(sql: string, params?: unknown[]): Promise<Row[]>;
  run(sql: string, params?: unknown[]): Promise<{ insertId: number; affected: number }>;
  /** Many rows of one table in as few statements as the driver likes. */
  insertMany(table: string, columns: string[], rows: unknown[][]): Promise<void>;
  close(): Promise<void>;
}

/** The product's datetime format on both databases: UTC `YYYY-MM-DD HH:MM:SS.mmm`. */
export const sqlDate = (d: Date | number): string => new Date(d).toISOString().replace('T', ' ').replace('Z', '');
export const parseSqlDate = (v: unknown): number => (v instanceof Date ? v.getTime() : Date.parse(`${String(v).replace(' ', 'T')}Z`));

export function isMysqlUrl(url: string): boolean {
  return /^(mysql|mariadb):\/\//.test(url);
}

export async function openDb(url: string, poolSize = 10): Promise<Db> {
  if (!isMysqlUrl(url)) {
    const db = openSqlite(url.slice('sqlite:'.length));
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    const cache = new Map<string, SqliteStatement>();
    const stmt = (sql: string) => {
      let s = cache.get(sql);
      if (!s) cache.set(sql, (s = db.prepare(sql)));
      return s;
    };
    return {
      kind: 'sqlite',
      query: async (sql, params = []) => stmt(sql).all(...params),
      run: async (sql, params = []) => {
        const r = stmt(sql).run(...params);
        return { insertId: Number(r.lastInsertRowid), affected: r.changes };
      },
      insertMany: async (table, columns, rows) => {
        const s = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
        db.transaction(() => {
          for (const r of rows) s.run(...r);
        })();
      },
      close: async () => db.close(),
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mysql = require('mysql2/promise') as typeof import('mysql2/promise');
  const pool: Pool = mysql.createPool({
    uri: url.replace(/^mariadb:/, 'mysql:'),
    connectionLimit: poolSize,
    timezone: 'Z',
    dateStrings: true,
    charset: 'utf8mb4_unicode_ci',
  });
  return {
    kind: 'mysql',
    query: async (sql, params = []) => (await pool.execute(sql, params as never[]))[0] as Row[],
    run: async (sql, params = []) => {
      const [r] = await pool.execute<ResultSetHeader>(sql, params as never[]);
      return { insertId: r.insertId, affected: r.affectedRows };
    },
    insertMany: async (table, columns, rows) => {
      for (let i = 0; i < rows.length; i += 1000) {
        await pool.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ?`, [rows.slice(i, i + 1000)]);
      }
    },
    close: async () => pool.end(),
  };
}
