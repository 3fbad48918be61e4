/*
 * npm run bench:cleanup: the latency of requests while a cleanup pass deletes many expired
 * rows on SQLite (where queries run in the server's own thread). Seeds ROWS expired sessions,
 * starts the product in production mode with a cleanup every few seconds, and drives /health
 * (one database query each) with autocannon across the first pass; then the same run with
 * nothing to delete. Prints p50/p99/max of both; docs/OPERATIONS.md quotes them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadWithCpu } from './lib/autocannon';
import { openDb, sqlDate } from './lib/db';
import { startServer, waitHealthy } from './lib/process';

const ROOT = resolve(__dirname, '..', '..');
const PRODUCT = join(ROOT, 'dist', 'src', 'main.js');
const ROWS = 16_000;

async function run(label: string, expiredRows: number) {
  const dir = mkdtempSync(join(tmpdir(), 'auth-center-cleanup-'));
  const port = 4400 + Math.floor(Math.random() * 500);
  const url = `sqlite:${join(dir, 'bench.sqlite')}`;
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    ISSUER: `http://127.0.0.1:${port}`,
    DATABASE_URL: url,
    SESSION_SECRET: 'cleanup-bench-secret-long-enough-0123456789',
    SIGNING_KEYS_DIR: join(dir, 'keys'),
    LOG_LEVEL: 'warn',
    CLEANUP_INTERVAL_SECONDS: '0',
  };
  const pin = { enabled: false, note: 'not pinned' };
  // A first start creates the schema; the rows go in while the server is stopped.
  const first = startServer(label, PRODUCT, env, port, pin);
  await waitHealthy(first, '/health');
  await first.stop();
  const db = await openDb(url);
  const past = sqlDate(Date.now() - 60_000);
  for (let i = 0; i < expiredRows; i += 500) {
    const batch = Array.from({ length: Math.min(500, expiredRows - i) }, (_, j) => [`x${String(i + j).padStart(63, '0')}`, '{}', past]);
    await db.insertMany('sessions', ['id', 'data', 'expires_at'], batch);
  }
  await db.close();
  const server = startServer(label, PRODUCT, { ...env, CLEANUP_INTERVAL_SECONDS: '3' }, port, pin);
  try {
    await waitHealthy(server, '/health');
    const { result } = await loadWithCpu(server.pid, { url: `${server.url}/health`, connections: 16, duration: 10 });
    return { label, requests: result.requests.total, p50: result.latency.p50, p99: result.latency.p99, max: (result.latency as { max?: number }).max };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  for (const r of [await run(`a pass over ${ROWS} expired rows`, ROWS), await run('nothing to delete', 0)]) {
    process.stdout.write(`${r.label}: ${r.requests} requests; p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms\n`);
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
