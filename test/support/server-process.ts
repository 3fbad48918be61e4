import { execFile, spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/config/paths';
import { getFreePort, testDatabaseUrl } from './app';

export interface ServerProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  port: number;
  baseUrl: string;
  env: Record<string, string>;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** How the process ended: the signal's name or `code N` ('close': its output has been read to the end). */
  ended: Promise<string>;
  /** Sends SIGTERM; resolves with how the process ended ('timeout' after 10 s). */
  stop(): Promise<string>;
}

/**
 * The real server (dist/src/main.js, what `npm start` runs) in a child process, with only its
 * storage pointed into `dataDir` and the test database, plus `env`.
 */
async function launch(dataDir: string, env: Record<string, string>, issuer = false): Promise<ServerProcess> {
  const port = await getFreePort();
  const fullEnv: Record<string, string> = {
    PORT: String(port),
    ...(issuer ? { ISSUER: `http://127.0.0.1:${port}` } : {}),
    DATABASE_URL: testDatabaseUrl(dataDir),
    SESSION_SECRET: 'a-process-test-secret-long-enough-0123456789',
    // The signing keys other test files stored in a shared database are sealed under theirs.
    SIGNING_KEYS_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
    SIGNING_KEYS_DIR: join(dataDir, 'keys'),
    MAIL_OUTBOX_DIR: join(dataDir, 'outbox'),
    CLEANUP_INTERVAL_SECONDS: '0',
    // No event-loop shedding (a 503 just after start on a busy machine) unless a test asks for it.
    MAX_EVENT_LOOP_DELAY_MS: '0',
    ...env,
  };
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', 'main.js')], {
    env: { ...process.env, ...fullEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  // 'close', not 'exit': the last lines are in the pipe until stdout has been read to its end.
  const ended = new Promise<string>((resolve) => child.on('close', (code, signal) => resolve(signal ?? `code ${code}`)));
  const server: ServerProcess = {
    child,
    port,
    baseUrl: `http://127.0.0.1:${port}`,
    env: fullEnv,
    output: () => out,
    ended,
    stop: () => {
      child.kill('SIGTERM');
      return endedWithin(server, 10_000);
    },
  };
  return server;
}

/** Polls /health until `ready` says so, the process exits, or 30 s pass; whether it got there. */
async function waitFor(server: ServerProcess, ready: (res: Response) => boolean): Promise<boolean> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && server.child.exitCode === null) {
    const res = await fetch(`${server.baseUrl}/health`).catch(() => undefined);
    if (res && ready(res)) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return false;
}

/** The server with `env` on top of the test storage; resolves once /health answers 200, else fails. */
export async function startServerProcess(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await launch(dataDir, env);
  if (await waitFor(server, (res) => res.status === 200)) return server;
  await server.stop();
  throw new Error(`the server did not start: ${server.output().slice(-2000)}`);
}

/** The server as production runs it (NODE_ENV=production, info logs, ISSUER set); resolves once it answers at all, or has exited. */
export async function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const server = await launch(dataDir, { NODE_ENV: 'production', LOG_LEVEL: 'info', ...env }, true);
  await waitFor(server, () => true);
  return server;
}

/** Resolves with how the process ended, or 'timeout' if it is still running after `ms`. */
export function endedWithin(server: ServerProcess, ms: number): Promise<string> {
  return Promise.race([server.ended, new Promise<string>((r) => setTimeout(() => r('timeout'), ms).unref())]);
}

/** `npm run cli -- <args>` against the same configuration; its JSON answer. */
export async function runCli(server: ServerProcess, args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', 'cli.js'), ...args], {
    env: { ...process.env, ...server.env },
    timeout: 30_000,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}
