/*
 * npm run bench:overload [-- --connections 500 --duration 15]: a sign-in flood (the password
 * grant, each request one argon2 verification) at 500 connections against the product in
 * production mode on a fresh SQLite file, while a new connection asks /health every 500 ms.
 * Runs twice: with load shedding off (PASSWORD_HASH_QUEUE and MAX_EVENT_LOOP_DELAY_MS lifted,
 * as before they existed) and with the defaults. Prints p50/p99, the statuses, the slowest
 * /health a new connection saw, and the peak RSS; docs/OPERATIONS.md quotes the figures.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadWithCpu, median } from './lib/autocannon';
import { runNode, sampleRss, startServer, waitHealthy } from './lib/process';

const ROOT = resolve(__dirname, '..', '..');
const PRODUCT = join(ROOT, 'dist', 'src', 'main.js');
const CLI = join(ROOT, 'dist', 'src', 'cli.js');

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

/**
 * /health on a new connection every 500 ms, timed by curl in its own process: this process
 * is busy driving the load, and its own clock would count its own delays.
 */
async function probeHealth(url: string, stop: () => boolean): Promise<number[]> {
  const times: number[] = [];
  while (!stop()) {
    const out = await new Promise<string>((resolve) =>
      execFile('curl', ['-s', '-o', '/dev/null', '-m', '30', '-w', '%{time_total}', `${url}/health`], (_err, stdout) => resolve(stdout)),
    );
    times.push(Math.round(Number(out) * 1000));
    await new Promise((r) => setTimeout(r, 500));
  }
  return times;
}

async function run(label: string, extraEnv: Record<string, string>, connections: number, duration: number) {
  const dir = mkdtempSync(join(tmpdir(), 'auth-center-overload-'));
  const port = 3900 + Math.floor(Math.random() * 500);
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(port),
    ISSUER: `http://127.0.0.1:${port}`,
    DATABASE_URL: `sqlite:${join(dir, 'bench.sqlite')}`,
    SESSION_SECRET: 'overload-bench-secret-long-enough-0123456789',
    SIGNING_KEYS_DIR: join(dir, 'keys'),
    MAIL_OUTBOX_DIR: join(dir, 'outbox'),
    LOG_LEVEL: 'warn',
    CLEANUP_INTERVAL_SECONDS: '0',
    ...extraEnv,
  };
  const quiet = { ...env, LOG_LEVEL: 'error' };
  await runNode(CLI, ['user:create', '--username', 'flood', '--email', 'flood@example.test', '--password', 'a long enough password'], quiet);
  const app = JSON.parse(await runNode(CLI, ['app:create', '--owner', 'flood', '--name', 'flood', '--grant', 'password', '--scope', 'read'], quiet)) as {
    client_id: string;
    client_secret: string;
  };
  const server = startServer(label, PRODUCT, env, port, { enabled: false, note: 'not pinned' }, ['--max-semi-space-size=4', '--heap-growing-percent=25']);
  try {
    await waitHealthy(server, '/health');
    const peakRss = sampleRss(server.pid);
    let done = false;
    const probes = probeHealth(server.url, () => done);
    const body = new URLSearchParams({ grant_type: 'password', username: 'flood', password: 'a long enough password', scope: 'read' }).toString();
    const { result } = await loadWithCpu(server.pid, {
      url: `${server.url}/oauth/token/`,
      method: 'POST',
      connections,
      duration,
      timeout: 60,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${app.client_id}:${app.client_secret}`).toString('base64')}`,
      },
      body,
    });
    done = true;
    const health = await probes;
    return {
      label,
      requests: result.requests.total,
      statuses: {
        ...Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
        errors: result.errors,
        timeouts: result.timeouts,
      },
      p50: result.latency.p50,
      p99: result.latency.p99,
      healthMaxMs: Math.max(...health),
      healthMedianMs: median(health),
      peakRssMb: Math.round(peakRss()),
    };
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const connections = arg('connections', 500);
  const duration = arg('duration', 15);
  const results = [];
  // --only-defaults: the server as configured (e.g. to try other limits through the environment).
  if (!process.argv.includes('--only-defaults')) {
    results.push(await run('shedding off', { PASSWORD_HASH_QUEUE: '10000', MAX_EVENT_LOOP_DELAY_MS: '0' }, connections, duration));
  }
  results.push(await run('defaults', {}, connections, duration));
  for (const r of results) {
    process.stdout.write(
      `${r.label}: ${r.requests} requests ${JSON.stringify(r.statuses)}; p50 ${r.p50} ms, p99 ${r.p99} ms; ` +
        `/health on a new connection: median ${r.healthMedianMs} ms, max ${r.healthMaxMs} ms; peak RSS ${r.peakRssMb} MB\n`,
    );
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
