import { strict as assert } from 'node:assert';
import { after, describe, it } from 'node:test';
import { makeDataDir, removeDataDir } from '../support/app';
import { endedWithin, spawnServer } from '../support/server-process';

describe('the server process: start, structured logs, graceful shutdown', () => {
  const dataDir = makeDataDir();
  after(() => removeDataDir(dataDir));

  it('starts from dist/src/main.js, answers /health, logs JSON lines, and stops cleanly on SIGTERM', async () => {
    const server = await spawnServer(dataDir);
    const { port } = server;
    const out = () => server.output();
    try {
      const health = await fetch(`http://127.0.0.1:${port}/health`).catch(() => undefined);
      assert.equal(health?.status, 200, out());
      assert.equal((await fetch(`http://127.0.0.1:${port}/accounts/login/?next=%2Fsecret-query`)).status, 200);
      assert.equal((await fetch(`http://127.0.0.1:${port}/accounts/reset/MQ/a-secret-reset-token/`)).status, 400);
      // The request line is written once the response has finished.
      const lineFor = (url: string) =>
        out()
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l))
          .find((l) => l.req?.url === url);
      const logged = () => lineFor('/accounts/login/');
      for (let i = 0; i < 20 && !(logged() && lineFor('/accounts/reset/[redacted]')); i++) await new Promise((r) => setTimeout(r, 100));
      const lines = out().trim().split('\n').filter(Boolean);
      assert.ok(
        lines.every((l) => l.startsWith('{')),
        'every log line is JSON',
      );
      const request = logged();
      assert.ok(request, 'the request was logged');
      assert.equal(request.res.statusCode, 200);
      assert.equal(request.req.headers, undefined, 'headers (cookies) are not logged');
      assert.equal(request.level, 30, 'a 200 is logged at info');
      assert.ok(!out().includes('secret-query'), 'query strings are not logged');
      const reset = lineFor('/accounts/reset/[redacted]');
      assert.equal(reset?.res.statusCode, 400, 'an invalid reset link is logged, without its token');
      assert.equal(reset.level, 40, 'a 4xx is logged at warn');
      assert.ok(!out().includes('a-secret-reset-token'), 'the reset token is not logged');
    } finally {
      server.child.kill('SIGTERM');
    }
    // Nest closes the app (hooks, database, server), then lets the signal end the process.
    assert.equal(await endedWithin(server, 10_000), 'SIGTERM', out().slice(-2000));
    assert.match(out(), /auth-center stopped on SIGTERM/);
  });
});
