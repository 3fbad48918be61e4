import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { PROJECT_ROOT } from '../../src/config/paths';
import { getFreePort, testDatabaseUrl } from './app';

export interface ServerProcess {
  child: ChildProcessByStdio<null, Readable, Readable>;
  port: number;
  baseUrl: string;
  /** Everything written to stdout and stderr so far. */
  output(): string;
  /** How the process ended: the signal's name or `code N` ('close': its output has been read to the end). */
  ended: Promise<string>;
}

/** The server as production runs it: dist/src/main.js in its own process, answering /health. */
export async function spawnServer(dataDir: string, env: Record<string, string> = {}): Promise<ServerProcess> {
  const port = await getFreePort();
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', 'main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      ISSUER: `http://127.0.0.1:${port}`,
      DATABASE_URL: testDatabaseUrl(dataDir),
      SESSION_SECRET: 'a-process-test-secret-long-enough-0123456789',
      SIGNING_KEYS_DIR: join(dataDir, 'keys'),
      MAIL_OUTBOX_DIR: join(dataDir, 'outbox'),
      LOG_LEVEL: 'info',
      CLEANUP_INTERVAL_SECONDS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const ended = new Promise<string>((resolve) => child.on('close', (code, signal) => resolve(signal ?? `code ${code}`)));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (await fetch(`${baseUrl}/health`).catch(() => undefined)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, port, baseUrl, output: () => out, ended };
}

/** Resolves with how the process ended, or 'timeout' if it is still running after `ms`. */
export function endedWithin(server: ServerProcess, ms: number): Promise<string> {
  return Promise.race([server.ended, new Promise<string>((r) => setTimeout(() => r('timeout'), ms).unref())]);
}
