import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config/paths';
import { getFreePort, makeDataDir, removeDataDir, testDatabaseUrl } from '../support/app';

describe('the server process: start, structured logs, graceful shutdown', () => {
  const dataDir = makeDataDir();
  after(() => removeDataDir(dataDir));

  it('starts from dist/src/main.js, answers /health, logs JSON lines, and stops cleanly on SIGTERM', async () => {
    const port = await getFreePort();
    const child = spawn(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', 'main.js')], {
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        ISSUER: `http://127.0.0.1:${port}`,
        DATABASE_URL: testDatabaseUrl(dataDir),
        SESSION_SECRET: 'a-process-test-secret-long-enough-0123456789',
        // The signing keys other test files stored in a shared database are sealed under theirs.
        SIGNING_KEYS_SECRET: 'test-session-secret-that-is-long-enough-0123456789',
        SIGNING_KEYS_DIR: join(dataDir, 'keys'),
        MAIL_OUTBOX_DIR: join(dataDir, 'outbox'),
        LOG_LEVEL: 'info',
        CLEANUP_INTERVAL_SECONDS: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    // 'close', not 'exit': the last lines are in the pipe until stdout has been read to its end.
    const exited = new Promise<string>((resolve) => child.on('close', (code, signal) => resolve(signal ?? `code ${code}`)));
    try {
      const deadline = Date.now() + 30_000;
      let health: Response | undefined;
      while (Date.now() < deadline) {
        health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
        if (health) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      assert.equal(health?.status, 200, out);
      assert.equal((await fetch(`http://127.0.0.1:${port}/accounts/login/?next=%2Fsecret-query`)).status, 200);
      assert.equal((await fetch(`http://127.0.0.1:${port}/accounts/reset/MQ/a-secret-reset-token/`)).status, 400);
      // The request line is written once the response has finished.
      const lineFor = (url: string) =>
        out
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l))
          .find((l) => l.req?.url === url);
      const logged = () => lineFor('/accounts/login/');
      for (let i = 0; i < 20 && !(logged() && lineFor('/accounts/reset/[redacted]')); i++) await new Promise((r) => setTimeout(r, 100));
      const lines = out.trim().split('\n').filter(Boolean);
      assert.ok(
        lines.every((l) => l.startsWith('{')),
        'every log line is JSON',
      );
      const request = logged();
      assert.ok(request, 'the request was logged');
      assert.equal(request.res.statusCode, 200);
      assert.equal(request.req.headers, undefined, 'headers (cookies) are not logged');
      assert.equal(request.level, 30, 'a 200 is logged at info');
      assert.ok(!out.includes('secret-query'), 'query strings are not logged');
      const reset = lineFor('/accounts/reset/[redacted]');
      assert.equal(reset?.res.statusCode, 400, 'an invalid reset link is logged, without its token');
      assert.equal(reset.level, 40, 'a 4xx is logged at warn');
      assert.ok(!out.includes('a-secret-reset-token'), 'the reset token is not logged');
    } finally {
      child.kill('SIGTERM');
    }
    // Nest closes the app (hooks, database, server), then lets the signal end the process.
    const how = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('timeout'), 10_000))]);
    assert.equal(how, 'SIGTERM', out.slice(-2000));
    assert.match(out, /auth-center stopped on SIGTERM/);
  });
});
