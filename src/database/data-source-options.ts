import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { DataSourceOptions } from 'typeorm';
import { PROJECT_ROOT } from '../config/paths';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export type DatabaseKind = 'sqlite' | 'mysql';

export function databaseKind(url: string): DatabaseKind {
  return url.startsWith('sqlite:') ? 'sqlite' : 'mysql';
}

/**
 * One place turns DATABASE_URL into TypeORM options, for the app and for ormconfig.ts.
 * `sqlite:data/x.sqlite` (relative to the project) or `mysql://user:pass@host:port/db`.
 */
export function buildDataSourceOptions(url: string, poolSize = 10): DataSourceOptions {
  const common = { entities: ENTITIES, migrations: MIGRATIONS, synchronize: false, migrationsRun: false } as const;
  if (databaseKind(url) === 'sqlite') {
    const file = url.slice('sqlite:'.length);
    const path = file === ':memory:' ? file : isAbsolute(file) ? file : resolve(PROJECT_ROOT, file);
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: path,
      // WAL lets readers proceed during a write; a busy timeout queues concurrent writers.
      prepareDatabase: (db: { pragma(s: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
      },
    };
  }
  return {
    ...common,
    // TypeORM reads MariaDB's catalog differently from MySQL's (defaults, JSON): say which.
    type: url.startsWith('mariadb:') ? 'mariadb' : 'mysql',
    url: url.replace(/^mariadb:/, 'mysql:'),
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    poolSize,
    extra: { connectionLimit: poolSize, waitForConnections: true },
  };
}
