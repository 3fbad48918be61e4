import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { AppModule } from '../../src/app.module';
import { createApp } from '../../src/app.setup';

export interface TestApp {
  app: NestFastifyApplication;
  baseUrl: string;
  port: number;
  dataDir: string;
  env: Record<string, string>;
  dataSource: DataSource;
  get<T>(token: unknown): T;
  close(): Promise<void>;
}

/**
 * The database the suite runs against: a fresh SQLite file per test file by default, or the
 * MariaDB/MySQL database named by TEST_DATABASE_URL (.ci/run creates one).
 */
export function testDatabaseUrl(dataDir: string): string {
  return process.env.TEST_DATABASE_URL || `sqlite:${join(dataDir, 'test.sqlite')}`;
}

export const usingMysql = () => /^(mysql|mariadb):/.test(process.env.TEST_DATABASE_URL ?? '');

/** A data directory (SQLite file, keys, outbox) for one test file; reused across restarts. */
export function makeDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'auth-center-test-'));
}

/**
 * Boots the real AppModule on a random port, as main.ts does, with the given environment.
 * Pass the same `dataDir` to a second call to simulate a restart.
 */
export async function startApp(overrides: Record<string, string> = {}, dataDir = makeDataDir()): Promise<TestApp> {
  const freePort = await getFreePort();
  const scheme = overrides.TLS_CERT_FILE ? 'https' : 'http';
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    PORT: String(freePort),
    ISSUER: `${scheme}://127.0.0.1:${freePort}`,
    DATABASE_URL: testDatabaseUrl(dataDir),
    SESSION_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
    SIGNING_KEYS_DIR: join(dataDir, 'keys'),
    MAIL_OUTBOX_DIR: join(dataDir, 'outbox'),
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    CLEANUP_INTERVAL_SECONDS: '0',
    // The tests share this process (and a busy machine) with the app: event-loop shedding only
    // where a test asks for it (load-shedding.e2e-spec.ts), or unrelated tests would get 503s.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    ...overrides,
  };
  const saved = { ...process.env };
  Object.assign(process.env, env);
  // Unset what the overrides leave out, so one test's settings do not leak into the next.
  for (const key of ['SMTP_URL', 'REDIS_URL']) if (!(key in env)) delete process.env[key];
  try {
    const app = await createApp(AppModule, { logger: false });
    await app.listen(freePort, '127.0.0.1');
    const port = freePort;
    const baseUrl = `${scheme}://127.0.0.1:${port}`;
    return {
      app,
      baseUrl,
      port,
      dataDir,
      env,
      dataSource: app.get(DataSource),
      get: <T>(token: unknown) => app.get(token as never) as T,
      close: async () => {
        await app.close();
      },
    };
  } finally {
    process.env = saved;
  }
}

export function removeDataDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** A port nobody listens on, so the issuer URL can be known before the app starts. */
export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The tables the modules register a housekeeping sweeper for (what `tokens:cleanup` answers with). */
export const SWEPT_TABLES = [
  'access_tokens',
  'account_tokens',
  'audit_events',
  'authorization_codes',
  'dpop_proofs',
  'pending_registrations',
  'refresh_tokens',
  'sessions',
];
