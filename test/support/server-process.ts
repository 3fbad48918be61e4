import { execFile, spawn } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/config/paths';
import { getFreePort, testDatabaseUrl } from './app';

export interface ServerProcess {
  port: number;
  env: Record<string, string>;
  /** What the process wrote to stdout and stderr so far. */
  output(): string;
  /** Sends SIGTERM; resolves with the signal or exit code that ended it ('timeout' after 10 s). */
  stop(): Promise<string>;
}

/**
 * The real server (dist/src/main.js, what `npm start` runs) in a child process, with only its
 * storage pointed into `dataDir` and the test database, plus `env`; resolves once /health answers.
 */
export async function startServerProcess(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await getFreePort();
  const fullEnv: Record<string, string> = {
    PORT: String(port),
    DATABASE_URL: testDatabaseUrl(dataDir),
    SESSION_SECRET: 'a-process-test-secret-long-enough-0123456789',
    // The signing keys other test files stored in a shared database are sealed under theirs.
    SIGNING_KEYS_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
    SIGNING_KEYS_DIR: join(dataDir, 'keys'),
    MAIL_OUTBOX_DIR: join(dataDir, 'outbox'),
    CLEANUP_INTERVAL_SECONDS: '0',
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
  const exited = new Promise<string>((resolve) => child.on('close', (code, signal) => resolve(signal ?? `code ${code}`)));
  const stop = () => {
    child.kill('SIGTERM');
    return Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 10_000))]);
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined))?.status === 200) return { port, env: fullEnv, output: () => out, stop };
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`the server did not start: ${out.slice(-2000)}`);
}

/** `npm run cli -- <args>` against the same configuration; its JSON answer. */
export async function runCli(server: ServerProcess, args: string[]): Promise<Record<string, unknown>> {
  const { stdout } = await promisify(execFile)(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', 'cli.js'), ...args], {
    env: { ...process.env, ...server.env },
    timeout: 30_000,
  });
  return JSON.parse(stdout) as Record<string, unknown>;
}
